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

    /// <summary>`--template DIR`; <paramref name="pages"/> names the main templates of the command's pages.</summary>
    public static Option<string?> Template(string pages) => new("--template")
    {
        HelpName = "DIR",
        Description = $"Render the HTML and Markdown reports with the templates in DIR ({pages}, and the partials every page shares in " +
                      "partials/html|md/*.hbs, e.g. style.hbs, the scorecard's CSS, and page-style.hbs, the trend's and portfolio's); files it does not " +
                      "have come from the built-in templates. A template that does not compile exits 2 naming its file (and the line and column when Handlebars reports them).",
    };

    /// <summary>The --template folder, checked before any work starts.</summary>
    public static string? RequireTemplateFolder(string? folder) =>
        folder is null || Directory.Exists(folder) ? folder : throw new UsageException($"--template: '{folder}' does not exist or is not a folder");

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

    /// <summary>Parses `--report FORMAT=FILE` values against the formats a command can write.</summary>
    public static IReadOnlyList<(string Format, string File)> ParseReports(string[] values, IReadOnlyCollection<string> formats)
    {
        var reports = new List<(string, string)>();
        foreach (var value in values)
        {
            var equals = value.IndexOf('=');
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new UsageException($"--report takes FORMAT=FILE (e.g. json=audit.json), found '{value}'");
            }

            var reportFormat = value[..equals];
            if (!formats.Contains(reportFormat))
            {
                throw new UsageException($"--report: unknown format '{reportFormat}'; expected one of: {string.Join(", ", formats)}");
            }

            reports.Add((reportFormat, value[(equals + 1)..]));
        }

        return reports;
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new UsageException($"config file '{path}' does not exist");
}
