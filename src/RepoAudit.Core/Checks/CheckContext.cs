using RepoAudit.Core.Git;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Checks;

/// <summary>Everything a check may look at: the snapshot and, when available, the git history.</summary>
public sealed class CheckContext(RepositorySnapshot snapshot, GitHistory? history, string? historyUnavailableReason)
{
    /// <summary>How many pieces of evidence a check lists before it summarises the rest.</summary>
    public const int EvidenceLimit = 20;

    public RepositorySnapshot Snapshot { get; } = snapshot;

    /// <summary>The history of the audited folder, or null when history rules cannot run (see the reason).</summary>
    public GitHistory? History { get; } = history;

    public string? HistoryUnavailableReason { get; } = history is null ? historyUnavailableReason ?? "git history is not available" : null;

    /// <summary>Facts keyed by blob id; trend shares one cache across the commits it audits.</summary>
    public FactCache Facts { get; init; } = new();

    /// <summary>Creates the context for a snapshot, deciding once whether its history can be read.</summary>
    public static CheckContext For(RepositorySnapshot snapshot, bool useHistory, int? depth, string revision = "HEAD")
    {
        if (!useHistory)
        {
            return new CheckContext(snapshot, null, "history rules were skipped (--no-history)");
        }

        if (snapshot.Git is not { } git)
        {
            return new CheckContext(snapshot, null, $"git history is not available: {snapshot.GitUnavailableReason}");
        }

        if (git.Info.Head is null)
        {
            return new CheckContext(snapshot, null, "the repository has no commits yet");
        }

        if (git.Info.Shallow)
        {
            return new CheckContext(snapshot, null,
                "this is a shallow clone, so git history is incomplete; deepen it with `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)");
        }

        return new CheckContext(snapshot, git.History(depth, revision), null);
    }
}
