using RepoAudit.Core.Model;

namespace RepoAudit.Core.Scoring;

/// <summary>A category's score over its rules with pass/fail outcomes, and the outcome counts.</summary>
public sealed record CategoryScore(string Id, string Title, double? Score, int Passed, int Failed, int NotApplicable, int Unknown, int Errors, int Suppressed);

/// <summary>
/// Scores are a policy over results, kept apart from the rules: each rule with outcome pass or fail counts with its
/// weight; every other outcome is left out of the denominator. A category or repository with no such rule has no score.
/// </summary>
public sealed record Scorecard(double? Score, string? Grade, IReadOnlyList<CategoryScore> Categories)
{
    public static Scorecard From(IReadOnlyList<RuleResult> results)
    {
        var categories = results
            .GroupBy(result => result.Rule.Category)
            .OrderBy(group => Model.Categories.Order(group.Key)).ThenBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new CategoryScore(
                group.Key,
                Model.Categories.Title(group.Key),
                WeightedScore(group),
                group.Count(r => r.Outcome == Outcome.Pass),
                group.Count(r => r.Outcome == Outcome.Fail),
                group.Count(r => r.Outcome == Outcome.NotApplicable),
                group.Count(r => r.Outcome == Outcome.Unknown),
                group.Count(r => r.Outcome == Outcome.Error),
                group.Count(r => r.Outcome == Outcome.Suppressed)))
            .ToArray();
        var score = WeightedScore(results);
        return new Scorecard(score, score is { } s ? GradeFor(s) : null, categories);
    }

    public static string GradeFor(double score) => score switch
    {
        >= 90 => "A",
        >= 80 => "B",
        >= 70 => "C",
        >= 60 => "D",
        _ => "F",
    };

    private static double? WeightedScore(IEnumerable<RuleResult> results)
    {
        double passed = 0, counted = 0;
        foreach (var result in results)
        {
            if (result.Outcome is Outcome.Pass or Outcome.Fail)
            {
                counted += result.Weight;
                passed += result.Outcome == Outcome.Pass ? result.Weight : 0;
            }
        }

        return counted == 0 ? null : Math.Round(100 * passed / counted, 1);
    }
}

/// <summary>Whether the audit lets the change through, and why not.</summary>
public sealed record GateResult(bool Passed, FailOn FailOn, double? MinScore, string? Baseline, IReadOnlyList<string> Reasons)
{
    public static GateResult Evaluate(IReadOnlyList<RuleResult> results, double? score, FailOn failOn, double? minScore, Func<RuleResult, bool>? counts = null, string? baseline = null)
    {
        var reasons = new List<string>();
        if (failOn.Threshold is { } threshold)
        {
            foreach (var result in results.Where(r => r.Outcome == Outcome.Fail && r.Severity >= threshold && (counts?.Invoke(r) ?? true)))
            {
                reasons.Add($"{result.Rule.Id} {result.Rule.Name} failed (severity {result.Severity.ToWire()})");
            }
        }

        if (minScore is { } min && (score ?? 0) < min)
        {
            reasons.Add(score is { } s
                ? FormattableString.Invariant($"score {s:0.0} is below the minimum {min:0.0}")
                : FormattableString.Invariant($"no rule could be scored, so the minimum score {min:0.0} is not met"));
        }

        return new GateResult(reasons.Count == 0, failOn, minScore, baseline, reasons);
    }
}
