using System.Security.Cryptography;
using System.Text;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Engine;

/// <summary>
/// A fingerprint of the rules an audit judged by (each rule's checks, severity, weight, options and suppression after
/// the config, and the named conditions they use): two reports are comparable only when their fingerprints agree. Scan
/// and trend reports both carry it (<see cref="RuleSetInfo"/>), and the portfolio compares them.
/// </summary>
public static class RuleSetHash
{
    /// <summary>The plan's rule set as reports record it: the hash and how many rules are enabled.</summary>
    public static RuleSetInfo Info(AuditPlan plan) => new(Of(plan), plan.EnabledRules.Count());

    public static string Of(AuditPlan plan)
    {
        // The text is hashed as it is written, rule by rule: whole, it is about a megabyte (each rule repeats its fact
        // library's text), whose copies cost a sample scan more than the rest of its report.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
        var line = new StringBuilder();
        foreach (var rule in plan.Rules.OrderBy(rule => rule.Rule.Id, StringComparer.Ordinal))
        {
            var definition = rule.Rule;
            line.Clear().Append(definition.Id).Append('|').Append(rule.Enabled).Append('|').Append(rule.Severity).Append('|').Append(rule.Weight)
                .Append('|').Append(definition.Info.Category).Append('|').Append(definition.AppliesWhenNode).Append('|').Append(definition.CheckNode)
                .Append('|').Append(string.Join(',', definition.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}")))
                .Append('|').Append(rule.Suppression).Append('|');
            Add(line.ToString());
            Add(definition.Facts.Fingerprint);
            Add("\n");
        }

        foreach (var (id, change) in plan.Config.Rules.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Add($"{id}:{string.Join(',', change.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value.Value}"))}\n");
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
