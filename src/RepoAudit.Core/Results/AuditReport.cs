using RepoAudit.Core.Model;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Results;

public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("repoaudit",
        typeof(ToolInfo).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0");
}

/// <summary>The rules a report was judged by: a fingerprint of the rule set after the config, and how many rules were enabled.</summary>
public sealed record RuleSetInfo(string Hash, int Rules);

public sealed record RepositoryInfo(string Root, string? Commit, string? Branch, bool Shallow, bool Dirty, bool IsGitRepository, bool PartialClone);

/// <summary>Everything one audit found; every renderer (console, JSON, Markdown, HTML, SARIF) renders this and only this.</summary>
public sealed record AuditReport(
    ToolInfo Tool,
    RepositoryInfo Repository,
    DateTimeOffset ScannedAt,
    long DurationMs,
    Scorecard Scorecard,
    GateResult Gate,
    IReadOnlyList<RuleResult> Results,
    IReadOnlyList<SkippedPath> Skipped,
    string? HistoryUnavailableReason,
    BaselineComparison? Baseline = null,
    string? Profile = null,
    RuleSetInfo? RuleSet = null);
