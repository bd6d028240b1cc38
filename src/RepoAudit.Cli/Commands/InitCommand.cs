using System.CommandLine;
using System.Text;
using RepoAudit.Core.Config;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;

namespace RepoAudit.Cli.Commands;

/// <summary>`repoaudit init`: write a commented .repoaudit.yml that lists every rule with its default severity.</summary>
public static class InitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("PATH") { Description = "The repository folder to write .repoaudit.yml into.", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing .repoaudit.yml." };
        var common = CommonOptions.Create();
        var command = new Command("init", "Write a commented .repoaudit.yml listing every rule and its default severity.") { path, force, common.Rules, common.NoBuiltin };
        command.SetAction(parse =>
        {
            var folder = CommonOptions.RequireFolder(parse.GetValue(path)!);
            var file = Path.Combine(folder, AuditConfig.FileName);
            if (File.Exists(file) && !parse.GetValue(force))
            {
                throw new UsageException($"{file} already exists; use --force to overwrite it");
            }

            var rules = AuditPlan.LoadRules(common.Sources(parse));
            var text = Render(rules);
            AuditConfig.Parse(file, text).Validate(rules); // what we write must load
            File.WriteAllText(file, text);
            stdout.WriteLine($"wrote {file} ({rules.Count} rules)");
            return ExitCodes.GatePassed;
        });
        return command;
    }

    public static string Render(IReadOnlyList<RuleDefinition> rules)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RepoAudit configuration. Everything here is optional; delete what you do not need.");
        sb.AppendLine("# Docs: `repoaudit rules show ID` explains a rule; `repoaudit scan --help` lists the options.");
        sb.AppendLine();
        sb.AppendLine("# The gate: exit 1 when a rule of at least this severity fails (error | warning | info | never).");
        sb.AppendLine("fail_on: error");
        sb.AppendLine("# min_score: 70            # also exit 1 when the overall score is below this");
        sb.AppendLine();
        sb.AppendLine("# history: { depth: 5000 }  # read at most this many commits for history rules");
        sb.AppendLine("# packs: [ .repoaudit/rules ]   # your own rule folders, relative to this file's folder");
        sb.AppendLine("# exclude: [ \"third_party/**\", \"vendor/**\" ]");
        sb.AppendLine();
        sb.AppendLine("# Per rule: severity (error | warning | info), weight, enabled: false, options: {...},");
        sb.AppendLine("# or suppress: \"reason\" with an optional until: YYYY-MM-DD after which the rule counts again.");
        sb.AppendLine("rules:");
        foreach (var group in rules.GroupBy(rule => rule.Info.Category).OrderBy(g => Categories.Order(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"  # {Categories.Title(group.Key)}");
            foreach (var rule in group.OrderBy(r => r.Info.Id, StringComparer.Ordinal))
            {
                sb.AppendLine($"  # {rule.Id}: {{ severity: {rule.Info.Severity.ToWire()} }}   # {rule.Info.Name}: {rule.Info.Title}");
                foreach (var (name, value) in rule.Options)
                {
                    // A multi-line value (a commented (?x) pattern) stays inside the comment, line by line.
                    var text = value.ToString()!.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Replace("\n", "\n  #     ", StringComparison.Ordinal);
                    sb.AppendLine($"  #   option {name}: {text}");
                }
            }
        }

        return sb.ToString();
    }
}
