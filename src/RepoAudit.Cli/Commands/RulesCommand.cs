using System.CommandLine;
using System.Text;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;

namespace RepoAudit.Cli.Commands;

/// <summary>`repoaudit rules list | show ID | validate PATH`.</summary>
public static class RulesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("rules", "List, explain and validate rules.");

        var listOptions = CommonOptions.Create();
        var list = new Command("list", "List every loaded rule: id, severity, category and title.") { listOptions.Rules, listOptions.NoBuiltin };
        list.SetAction(parse =>
        {
            stdout.Write(RenderList(Load(listOptions.Sources(parse))));
            return ExitCodes.GatePassed;
        });

        var showOptions = CommonOptions.Create();
        var id = new Argument<string>("ID") { Description = "The rule id (e.g. DATA003) or name (e.g. no-large-files-in-history)." };
        var show = new Command("show", "Explain a rule: why it matters, how to fix it, its options and references.") { id, showOptions.Rules, showOptions.NoBuiltin };
        show.SetAction(parse =>
        {
            var wanted = parse.GetValue(id)!;
            var rules = Load(showOptions.Sources(parse));
            var rule = rules.FirstOrDefault(r => string.Equals(r.Info.Id, wanted, StringComparison.OrdinalIgnoreCase) || r.Info.Name == wanted)
                ?? throw new UsageException($"no rule '{wanted}'; `repoaudit rules list` shows the loaded rules");
            stdout.Write(RenderShow(rule));
            return ExitCodes.GatePassed;
        });

        var path = new Argument<string>("PATH") { Description = "A rule file or a folder of rule files." };
        var alone = new Option<bool>("--no-builtin-rules") { Description = "Validate the pack alone, without checking its ids against the built-in pack." };
        var validate = new Command("validate", "Check rule files: format, regexes, globs, unique ids. Exit 0 when valid, 2 with file:line:column otherwise.") { path, alone };
        validate.SetAction(parse =>
        {
            // The schema first, as an editor would see the files; then the loader, which checks more.
            var schemaProblems = RuleSchemaCheck.Problems(parse.GetValue(path)!);
            if (schemaProblems.Count > 0)
            {
                foreach (var problem in schemaProblems)
                {
                    stderr.WriteLine($"repoaudit: {problem.Message}");
                }

                return ExitCodes.CannotRun;
            }

            var pack = RuleLoader.LoadPath(parse.GetValue(path)!);
            // A rule with the same id and name as a built-in one is the built-in rule being edited, not a clash.
            var builtin = parse.GetValue(alone) ? [] : RuleLoader.LoadBuiltin().Where(b => !pack.Any(p => p.Id == b.Id && p.Info.Name == b.Info.Name)).ToArray();
            RuleLoader.Combine([builtin, pack]);
            foreach (var warning in pack.SelectMany(rule => rule.Warnings))
            {
                stderr.WriteLine(warning);
            }

            stdout.WriteLine($"{pack.Count} rule{(pack.Count == 1 ? "" : "s")} valid: {string.Join(", ", pack.Select(rule => rule.Id))}");
            return ExitCodes.GatePassed;
        });

        var docsFolder = new Argument<string>("DIR") { Description = "The repository root: writes DIR/docs/rules/ID.md and the rule table in DIR/README.md.", DefaultValueFactory = _ => "." };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the generated docs differ from the files (for CI)." };
        var docs = new Command("docs", "Generate the rule reference (docs/rules/ID.md), the rule-language reference (docs/rule-language.md), the rule JSON Schema (docs/rule.schema.json) and the README's rule table from the built-in rules.") { docsFolder, check };
        docs.SetAction(parse => GenerateDocs(CommonOptions.RequireFolder(parse.GetValue(docsFolder)!), parse.GetValue(check), stdout, stderr));

        command.Add(list);
        command.Add(docs);
        command.Add(show);
        command.Add(validate);
        return command;
    }

    private static IReadOnlyList<RuleDefinition> Load(RuleSources sources) => AuditPlan.LoadRules(sources);

    private static int GenerateDocs(string root, bool check, TextWriter stdout, TextWriter stderr)
    {
        var rules = RuleLoader.LoadBuiltin();
        var wanted = rules.ToDictionary(rule => Path.Combine(root, "docs", "rules", $"{rule.Id}.md"), RuleDocs.Page);
        wanted[Path.Combine(root, "docs", "rule.schema.json")] = RuleSchema.Generate();
        wanted[Path.Combine(root, "docs", "rule-language.md")] = RuleLanguageDocs.Page(RuleLoader.BuiltinFacts);
        var readmePath = Path.Combine(root, "README.md");
        var readme = File.Exists(readmePath) ? File.ReadAllText(readmePath) : "";
        var newReadme = RuleDocs.WithTable(readme, rules) ?? throw new UsageException($"{readmePath} has no {RuleDocs.TableStart} ... {RuleDocs.TableEnd} markers");
        wanted[readmePath] = newReadme;

        var stale = wanted.Where(pair => !File.Exists(pair.Key) || File.ReadAllText(pair.Key) != pair.Value).Select(pair => pair.Key).ToList();
        var docsFolder = Path.Combine(root, "docs", "rules");
        var orphans = Directory.Exists(docsFolder)
            ? Directory.EnumerateFiles(docsFolder, "*.md").Where(file => !wanted.ContainsKey(file)).ToList()
            : [];
        if (check)
        {
            foreach (var file in stale.Concat(orphans))
            {
                stderr.WriteLine($"stale: {Path.GetRelativePath(root, file)}");
            }

            if (stale.Count + orphans.Count > 0)
            {
                stderr.WriteLine("The rule docs are out of date; run `repoaudit rules docs` and commit the result.");
                return ExitCodes.GateFailed;
            }

            stdout.WriteLine($"rule docs are up to date ({rules.Count} rules)");
            return ExitCodes.GatePassed;
        }

        Directory.CreateDirectory(docsFolder);
        foreach (var file in stale)
        {
            File.WriteAllText(file, wanted[file]);
        }

        foreach (var file in orphans)
        {
            File.Delete(file);
        }

        stdout.WriteLine($"wrote {stale.Count} file(s), removed {orphans.Count}; {rules.Count} rules documented");
        return ExitCodes.GatePassed;
    }

    public static string RenderList(IReadOnlyList<RuleDefinition> rules)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"ID",-9} {"SEVERITY",-8} {"CATEGORY",-17} TITLE");
        foreach (var rule in rules.OrderBy(r => Categories.Order(r.Info.Category)).ThenBy(r => r.Info.Id, StringComparer.Ordinal))
        {
            sb.AppendLine($"{rule.Id,-9} {rule.Info.Severity.ToWire(),-8} {rule.Info.Category,-17} {rule.Info.Title}");
        }

        sb.AppendLine($"{rules.Count} rules. `repoaudit rules show ID` explains one.");
        return sb.ToString();
    }

    public static string RenderShow(RuleDefinition rule)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{rule.Id} {rule.Info.Name}");
        sb.AppendLine(rule.Info.Title);
        sb.AppendLine();
        sb.AppendLine($"category: {rule.Info.Category} ({Categories.Title(rule.Info.Category)})");
        sb.AppendLine($"severity: {rule.Info.Severity.ToWire()}   weight: {rule.Info.EffectiveWeight}   lifecycle: {rule.Info.Lifecycle}");
        sb.AppendLine($"source:   {rule.Info.Source}");
        if (rule.Info.HelpUri is { } help)
        {
            sb.AppendLine($"docs:     {help}");
        }

        sb.AppendLine();
        sb.AppendLine("Why it matters");
        sb.AppendLine(Indent(rule.Info.Why));
        sb.AppendLine();
        sb.AppendLine("How to fix it");
        sb.AppendLine(Indent(rule.Info.Fix));
        if (rule.Options.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Options (override in .repoaudit.yml under rules: " + rule.Id + ": options:)");
            foreach (var (name, value) in rule.Options)
            {
                sb.AppendLine($"  {name}: {value}");
            }
        }

        if (rule.Info.References.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("References");
            foreach (var reference in rule.Info.References)
            {
                sb.AppendLine($"  - {reference.Title}: {reference.Url}");
            }
        }

        return sb.ToString();
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? "" : "  " + line));
}
