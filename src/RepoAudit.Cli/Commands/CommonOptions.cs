using System.CommandLine;
using RepoAudit.Core.Engine;

namespace RepoAudit.Cli.Commands;

/// <summary>The rule-source options shared by scan and the rules commands.</summary>
public sealed record CommonOptions(Option<string[]> Rules, Option<bool> NoBuiltin, Option<string?> Config)
{
    public static CommonOptions Create() => new(
        new Option<string[]>("--rules") { HelpName = "DIR|FILE", Description = "Add a rule pack: a rule file or a folder of them. Repeatable." },
        new Option<bool>("--no-builtin-rules") { Description = "Do not load the built-in rule pack." },
        new Option<string?>("--config") { HelpName = "FILE", Description = "Configuration file (default: .repoaudit.yml at the audited folder, when present)." });

    public RuleSources Sources(ParseResult parse) => new()
    {
        UseBuiltin = !parse.GetValue(NoBuiltin),
        Packs = parse.GetValue(Rules) ?? [],
        ConfigFile = parse.GetValue(Config) is { } config ? RequireFile(config) : null,
    };

    public static string RequireFolder(string path)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"'{path}' is a file; give the folder of the repository to audit");
        }

        if (!Directory.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist or is not a folder");
        }

        return Path.GetFullPath(path);
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new UsageException($"config file '{path}' does not exist");
}
