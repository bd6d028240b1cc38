using RepoAudit.Core.Results;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Scoring;

namespace RepoAudit.Core.Trend;

/// <summary>A commit the trend audits, with the tag it was chosen by (with --tags).</summary>
public sealed record TrendCommit(string Sha, DateTimeOffset Date, string Subject, string? Tag = null)
{
    public string ShortSha => Sha[..Math.Min(12, Sha.Length)];
}

/// <summary>A rule whose outcome at a point differs from the previous point.</summary>
public sealed record RuleFlip(string RuleId, string RuleName, string Category, Outcome Before, Outcome After)
{
    /// <summary>Better (now passes), worse (now fails) or neither (e.g. became not applicable).</summary>
    public string Direction => (Before, After) switch
    {
        (_, Outcome.Fail) => "worse",
        (Outcome.Fail, _) or (_, Outcome.Pass) => "better",
        _ => "changed",
    };

    public string Arrow => Direction switch { "worse" => "▼", "better" => "▲", _ => "•" };
}

/// <summary>The repository as it was at one commit, judged by the trend's one rule set.</summary>
public sealed record TrendPoint(TrendCommit Commit, Scorecard Scorecard, IReadOnlyList<RuleResult> Results, IReadOnlyList<RuleFlip> Flips, string? HistoryUnavailableReason);

/// <summary>Everything one `repoaudit trend` found; the JSON, HTML and Markdown trend reports render this.</summary>
public sealed record TrendReport(
    ToolInfo Tool,
    string Root,
    string? Branch,
    RuleSetInfo RuleSet,
    string? CommitUrlPrefix,
    IReadOnlyList<TrendPoint> Points,
    IReadOnlyList<string> Notes,
    DateTimeOffset GeneratedAt,
    long DurationMs)
{
    /// <summary>The link of a commit on its forge, or null when the origin remote is not a GitHub or GitLab URL.</summary>
    public string? CommitUrl(string sha) => CommitUrlPrefix is null ? null : CommitUrlPrefix + sha;
}
