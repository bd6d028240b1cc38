using RepoAudit.Core.Model;

namespace RepoAudit.Core.Results;

/// <summary>
/// The audit compared with the repository as it was at a baseline commit (a pull request's base): what the change
/// broke, what it fixed, and what was already failing. The gate judges only what the change broke.
/// </summary>
public sealed record BaselineComparison(
    string Ref,
    string Commit,
    double? Score,
    double? ScoreDelta,
    IReadOnlyList<RuleResult> NewlyFailing,
    IReadOnlyList<RuleResult> Fixed,
    IReadOnlyList<RuleResult> StillFailing,
    bool ConfigChanged,
    IReadOnlyList<RuleResult> BaselineResults)
{
    public static BaselineComparison Compare(string reference, string commit, IReadOnlyList<RuleResult> now, IReadOnlyList<RuleResult> before, double? scoreNow, double? scoreBefore, bool configChanged)
    {
        var previous = before.ToDictionary(result => result.Rule.Id, StringComparer.Ordinal);
        bool FailedBefore(RuleResult result) => previous.TryGetValue(result.Rule.Id, out var old) && old.Outcome == Outcome.Fail;

        var newly = now.Where(result => result.Outcome == Outcome.Fail && !FailedBefore(result)).ToArray();
        var still = now.Where(result => result.Outcome == Outcome.Fail && FailedBefore(result)).ToArray();
        var current = now.ToDictionary(result => result.Rule.Id, StringComparer.Ordinal);
        var fixedNow = before.Where(old => old.Outcome == Outcome.Fail && current.TryGetValue(old.Rule.Id, out var result) && result.Outcome == Outcome.Pass)
            .Select(old => current[old.Rule.Id]).ToArray();
        return new BaselineComparison(reference, commit, scoreBefore,
            scoreNow is { } a && scoreBefore is { } b ? Math.Round(a - b, 1) : null,
            newly, fixedNow, still, configChanged, before);
    }

    /// <summary>Does this failing rule count against the change? Only when it did not fail at the baseline.</summary>
    public bool IsNew(RuleResult result) => NewlyFailing.Any(newly => newly.Rule.Id == result.Rule.Id);
}
