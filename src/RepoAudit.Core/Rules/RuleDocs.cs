using System.Text;
using RepoAudit.Core.Model;

namespace RepoAudit.Core.Rules;

/// <summary>
/// Generates the rule reference (`docs/rules/ID.md`) and the README's rule table from the rule YAML, so that the
/// docs can never drift from the rules: CI regenerates them and fails when the committed copies differ.
/// </summary>
public static class RuleDocs
{
    public const string Stamp = "<!-- Generated from rules/ by `repoaudit rules docs`; do not edit by hand. -->";
    public const string TableStart = "<!-- rules-table:start -->";
    public const string TableEnd = "<!-- rules-table:end -->";

    public static string Page(RuleDefinition rule)
    {
        var sb = new StringBuilder();
        sb.Append(Stamp).Append('\n');
        sb.Append($"# {rule.Id} {rule.Info.Name}\n\n");
        sb.Append($"**{rule.Info.Title}**\n\n");
        sb.Append($"| category | severity | weight | lifecycle |\n|---|---|---|---|\n");
        sb.Append($"| {rule.Info.Category} ({Categories.Title(rule.Info.Category)}) | {rule.Info.Severity.ToWire()} | {rule.Info.EffectiveWeight} | {rule.Info.Lifecycle} |\n\n");
        if (rule.Info.AppliesWhen.Count > 0)
        {
            sb.Append($"Applies when: {string.Join(", ", rule.Info.AppliesWhen)} (see [the named conditions](../rule-language.md#named-conditions)).\n\n");
        }

        sb.Append("## Why it matters\n\n").Append(rule.Info.Why.Trim()).Append("\n\n");
        sb.Append("## How to fix it\n\n").Append(rule.Info.Fix.Trim()).Append("\n\n");
        if (rule.Options.Count > 0)
        {
            sb.Append("## Options\n\nOverride in `.repoaudit.yml`:\n\n```yaml\nrules:\n");
            sb.Append($"  {rule.Id}:\n    options:\n");
            foreach (var (name, value) in rule.Options)
            {
                sb.Append($"      {name}: {value}\n");
            }

            sb.Append("```\n\n");
        }

        if (rule.Info.References.Count > 0)
        {
            sb.Append("## References\n\n");
            foreach (var reference in rule.Info.References)
            {
                sb.Append($"- [{reference.Title}]({reference.Url})\n");
            }

            sb.Append('\n');
        }

        sb.Append($"Source: `{rule.Info.Source.Replace('\\', '/')}`\n");
        return sb.ToString();
    }

    public static string Table(IEnumerable<RuleDefinition> rules)
    {
        var sb = new StringBuilder();
        sb.Append("| ID | name | category | severity | what it asks |\n|---|---|---|---|---|\n");
        foreach (var rule in rules.OrderBy(r => Categories.Order(r.Info.Category)).ThenBy(r => r.Info.Id, StringComparer.Ordinal))
        {
            sb.Append($"| [{rule.Id}](docs/rules/{rule.Id}.md) | {rule.Info.Name} | {rule.Info.Category} | {rule.Info.Severity.ToWire()} | {rule.Info.Title.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return sb.ToString();
    }

    /// <summary>The README with its rule table (between the markers) replaced; null when the markers are missing.</summary>
    public static string? WithTable(string readme, IEnumerable<RuleDefinition> rules)
    {
        var start = readme.IndexOf(TableStart, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return null;
        }

        return readme[..(start + TableStart.Length)] + "\n" + Table(rules) + readme[end..];
    }
}
