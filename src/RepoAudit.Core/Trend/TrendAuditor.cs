using System.Collections.Concurrent;
using System.Diagnostics;
using RepoAudit.Core.Results;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Trend;

/// <summary>How to audit the commits of a trend.</summary>
public sealed record TrendOptions
{
    public TrendSelection Selection { get; init; } = new();
    public int? HistoryDepth { get; init; }
    public bool NoHistory { get; init; }
    public GitRunner Git { get; init; } = new();
    public DateOnly? Today { get; init; }
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// Audits a repository as it was at several commits, straight from git objects: no checkout, no work tree, HEAD and
/// the index untouched. Every point is judged by one rule set (the current config), so the points are comparable.
/// What commits share is read and evaluated once: blobs by id (one `cat-file --batch`, and the blobs of the previous
/// point kept by id), what a rule found in a file by the file's blob id (<see cref="CheckContext.FileFact{T}"/>), each
/// point's history as the previous point's plus the commits since, and history facts (secret scans) per blob id. Rules
/// run in parallel within each point; a point's snapshot is let go once it is scored, so memory holds one point's files.
/// </summary>
public static class TrendAuditor
{
    public static TrendReport Run(string folder, RuleSources sources, TrendOptions options)
    {
        var clock = Stopwatch.StartNew();
        var generatedAt = DateTimeOffset.UtcNow;
        var today = options.Today ?? DateOnly.FromDateTime(generatedAt.UtcDateTime);
        var git = GitRepository.Discover(options.Git, folder, out var whyNot)
            ?? throw new TrendUnavailableException($"trend reads the commits of a git repository, and '{folder}' is not in one ({whyNot})");
        var plan = AuditPlan.Load(sources, folder);
        var notes = new List<string>();
        var commits = TrendCommits.Select(git, options.Selection, notes);
        var depth = options.HistoryDepth ?? plan.Config.HistoryDepth;
        options.Progress?.Report($"auditing {commits.Count} commits with {plan.EnabledRules.Count()} rules");

        using var reader = new CatFileBatch(git.Runner, git.Folder);
        var blobs = new RecentBlobs(reader.Read);
        var facts = new FactCache();
        var histories = Histories(git, commits, depth, options.NoHistory);

        CheckContext ContextAt(int index)
        {
            var sha = commits[index].Sha;
            var snapshot = RepositorySnapshot.FromCommit(git, sha, blobs.Read, new SnapshotOptions { Exclude = plan.Config.Exclude, Git = options.Git });
            var context = histories?[index] is { } history
                ? new CheckContext(snapshot, history, null)
                : CheckContext.For(snapshot, !options.NoHistory, depth, sha);
            return new CheckContext(context.Snapshot, context.History, context.HistoryUnavailableReason) { BlobFacts = facts };
        }

        // The newest point first: its history holds (nearly) every blob of the older ones, so they find their facts cached.
        var results = new IReadOnlyList<RuleResult>[commits.Count];
        var historyUnavailable = new string?[commits.Count];
        var done = 0;
        void Audit(int index)
        {
            blobs.NextPoint();
            var context = ContextAt(index);
            results[index] = Auditor.Evaluate(plan, context, today);
            historyUnavailable[index] = context.HistoryUnavailableReason;
            var finished = ++done;
            options.Progress?.Report($"[{finished}/{commits.Count}] {commits[index].ShortSha} {Scorecard.From(results[index]).Score?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
        }

        // Points run one after the other: each already evaluates its rules on every core, and more at once would hold more
        // points' files in memory for no gain in speed.
        Audit(commits.Count - 1);
        for (var i = 0; i < commits.Count - 1; i++)
        {
            Audit(i);
        }

        var points = new List<TrendPoint>(commits.Count);
        for (var i = 0; i < commits.Count; i++)
        {
            var flips = i == 0 ? [] : Flips(results[i - 1], results[i]);
            points.Add(new TrendPoint(commits[i], Scorecard.From(results[i]), results[i], flips, historyUnavailable[i]));
        }

        return new TrendReport(ToolInfo.Current, git.Folder, git.Info.Branch, RuleSetHash.Info(plan),
            ForgeUrl.CommitPrefix(git.Info.OriginUrl), points, notes, generatedAt, clock.ElapsedMilliseconds);
    }

    /// <summary>Rules whose outcome differs between two consecutive points, in rule order.</summary>
    public static IReadOnlyList<RuleFlip> Flips(IReadOnlyList<RuleResult> before, IReadOnlyList<RuleResult> after)
    {
        var previous = before.ToDictionary(result => result.Rule.Id, result => result.Outcome, StringComparer.Ordinal);
        return after
            .Where(result => previous.TryGetValue(result.Rule.Id, out var then) && then != result.Outcome)
            .Select(result => new RuleFlip(result.Rule.Id, result.Rule.Name, result.Rule.Category, previous[result.Rule.Id], result.Outcome))
            .ToArray();
    }

    /// <summary>
    /// Each point's history, stacked on the previous point's when that one is an ancestor (`git log prev..point`), so
    /// every commit and blob is listed once for the whole trend. Null when each point must read its own history
    /// (no history, a shallow clone, or a depth limit, which counts commits back from each point).
    /// </summary>
    private static GitHistory?[]? Histories(GitRepository git, IReadOnlyList<TrendCommit> commits, int? depth, bool noHistory)
    {
        if (noHistory || depth is not null || git.Info.Shallow)
        {
            return null;
        }

        var histories = new GitHistory?[commits.Count];
        for (var i = 0; i < commits.Count; i++)
        {
            var sha = commits[i].Sha;
            histories[i] = i > 0 && IsAncestor(git, commits[i - 1].Sha, sha)
                ? GitHistory.Stacked(git.History(null, $"{commits[i - 1].Sha}..{sha}"), histories[i - 1]!, sha)
                : git.History(null, sha);
        }

        return histories;
    }

    private static bool IsAncestor(GitRepository git, string ancestor, string descendant) =>
        git.Runner.Run(git.Folder, "merge-base", "--is-ancestor", ancestor, descendant).ExitCode == 0;

    /// <summary>
    /// Blob contents by id, kept for the point being audited and the one before it: consecutive points share most of
    /// their files, and keeping every blob of every point would hold a large part of the history in memory.
    /// </summary>
    private sealed class RecentBlobs(Func<string, byte[]?> read)
    {
        private ConcurrentDictionary<string, byte[]?> _current = new(StringComparer.Ordinal);
        private ConcurrentDictionary<string, byte[]?> _previous = new(StringComparer.Ordinal);

        /// <summary>Starts the next point: what the last one read stays at hand, anything older is let go.</summary>
        public void NextPoint()
        {
            _previous = _current;
            _current = new ConcurrentDictionary<string, byte[]?>(StringComparer.Ordinal);
        }

        public byte[]? Read(string oid) => _current.GetOrAdd(oid, id => _previous.TryGetValue(id, out var known) ? known : read(id));
    }
}
