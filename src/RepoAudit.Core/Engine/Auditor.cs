using System.Diagnostics;
using System.Runtime;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Config;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Results;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Engine;

/// <summary>Command-line choices that take precedence over the config file.</summary>
public sealed record AuditOptions
{
    public FailOn? FailOn { get; init; }
    public double? MinScore { get; init; }
    public int? HistoryDepth { get; init; }
    public bool NoHistory { get; init; }

    /// <summary>A commit, branch or tag to compare with; the gate then judges only what changed since.</summary>
    public string? Baseline { get; init; }
    public GitRunner? Git { get; init; } = new();
    public DateOnly? Today { get; init; }
    public IProgress<string>? Progress { get; init; }
}

/// <summary>A baseline the repository does not have.</summary>
public sealed class BaselineNotFoundException(string message) : Exception(message);

/// <summary>
/// The audit pipeline, one way through: plan (rules + config) -> snapshot -> evaluate -> score -> gate.
/// Renderers take the resulting <see cref="AuditReport"/>.
/// </summary>
public static class Auditor
{
    public static AuditReport Run(string folder, RuleSources sources, AuditOptions options)
    {
        var clock = Stopwatch.StartNew();
        var scannedAt = DateTimeOffset.UtcNow;
        var today = options.Today ?? DateOnly.FromDateTime(scannedAt.UtcDateTime);
        options.Progress?.Report("listing files");

        // The config decides excludes, so it is read before the snapshot; with a baseline it comes from that commit.
        // Without one, the rules load (CPU work) while git is asked about the repository (mostly waiting for git).
        var loading = options.Baseline is null ? Task.Run(() => AuditPlan.Load(sources, folder)) : null;
        var git = RepositorySnapshot.DiscoverGit(folder, options.Git, out var whyNoGit);
        string? baselineCommit = null;
        AuditPlan plan;
        if (loading is not null)
        {
            plan = loading.GetAwaiter().GetResult();
        }
        else
        {
            baselineCommit = ResolveBaseline(git, options.Baseline!);
            plan = AuditPlan.LoadAtCommit(sources, git!, baselineCommit);
        }

        var snapshot = RepositorySnapshot.FromWorkTree(folder, new SnapshotOptions { Exclude = plan.Config.Exclude, Git = options.Git }, git, whyNoGit);
        options.Progress?.Report($"{snapshot.Files.Count} files; evaluating {plan.EnabledRules.Count()} rules");
        var depth = options.HistoryDepth ?? plan.Config.HistoryDepth;
        var context = CheckContext.For(snapshot, !options.NoHistory, depth, progress: options.Progress);
        // The plan was loaded for this scan: unless the baseline is evaluated with it next, the linear engines of its
        // patterns need not outlive the rules that use them.
        var results = Evaluate(plan, context, today, options.Progress, releaseEngines: baselineCommit is null);
        var scorecard = Scorecard.From(results);

        BaselineComparison? baseline = null;
        if (baselineCommit is not null)
        {
            options.Progress?.Report($"evaluating the baseline {options.Baseline}");
            using var blobs = new CatFileBatch(snapshot.Git!.Runner, snapshot.Git!.Folder);
            var before = RepositorySnapshot.FromCommit(snapshot.Git!, baselineCommit, blobs, new SnapshotOptions { Exclude = plan.Config.Exclude, Git = options.Git });
            var beforeResults = Evaluate(plan, CheckContext.For(before, !options.NoHistory, depth, baselineCommit), today, null, releaseEngines: true);
            var configNow = File.Exists(Path.Combine(folder, AuditConfig.FileName)) ? File.ReadAllText(Path.Combine(folder, AuditConfig.FileName)) : null;
            var configThen = snapshot.Git!.ReadFileAt(baselineCommit, AuditConfig.FileName);
            baseline = BaselineComparison.Compare(options.Baseline!, baselineCommit, results, beforeResults, scorecard.Score, Scorecard.From(beforeResults).Score, configNow != configThen);
        }

        var gate = GateResult.Evaluate(results, scorecard.Score,
            options.FailOn ?? plan.Config.FailOn ?? FailOn.Default,
            options.MinScore ?? plan.Config.MinScore,
            baseline is null ? null : baseline.IsNew,
            options.Baseline);

        var info = snapshot.Git?.Info;
        var repository = new RepositoryInfo(snapshot.Root, info?.Head, info?.Branch, info?.Shallow ?? false, info?.Dirty ?? false, info is not null, info?.Partial ?? false);
        return new AuditReport(ToolInfo.Current, repository, scannedAt, clock.ElapsedMilliseconds, scorecard, gate, results, snapshot.Skipped, context.HistoryUnavailableReason, baseline, plan.Config.Profile?.Name,
            RuleSetHash.Info(plan));
    }

    private static string ResolveBaseline(GitRepository? git, string reference)
    {
        if (git is null)
        {
            throw new BaselineNotFoundException($"--baseline {reference} needs a git repository, and this folder is not in one");
        }

        return git.ResolveCommit(reference) ?? throw new BaselineNotFoundException(
            $"the baseline '{reference}' is not in this clone. Fetch it first (e.g. `git fetch origin {reference}`); " +
            "in GitHub Actions, check out with `fetch-depth: 0` (actions/checkout) so the base commit is present.");
    }

    /// <summary>
    /// Evaluates every enabled rule, in parallel; results keep the rules' order. Rules that read git history run after
    /// the others, while the history itself is read in the background from the start: once the last rule that reads
    /// only files is done, the files' text and code views are let go (<see cref="RepositorySnapshot.ReleaseContents"/>)
    /// and a large history is not held on top of them. With <paramref name="releaseEngines"/> (the last time a plan is
    /// evaluated), the linear regex engines that a rule was the last to use are let go as it finishes
    /// (<see cref="RulePattern.ReleaseLinearEnginesOf"/>); an audit that evaluates the same plan again (a trend, a
    /// baseline) keeps them for the next evaluation.
    /// </summary>
    public static IReadOnlyList<RuleResult> Evaluate(AuditPlan plan, CheckContext context, DateOnly today, IProgress<string>? progress = null, bool releaseEngines = false)
    {
        var rules = plan.EnabledRules.ToArray();
        var readsHistory = rules.Select(rule => rule.ReadsHistory).ToArray();
        // Stable: within each group the rules keep their order.
        var order = Enumerable.Range(0, rules.Length).OrderBy(i => readsHistory[i]).ToArray();
        var filesOnlyLeft = readsHistory.Count(reads => !reads);
        if (context.History is { } history && readsHistory.Any(reads => reads))
        {
            Prefetch(history);
        }

        var results = new RuleResult[rules.Length];
        var done = 0;
        Parallel.For(0, rules.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, at =>
        {
            var i = order[at];
            var rule = rules[i];
            results[i] = RulePattern.UsedBy(rule, () => RuleEvaluator.Evaluate(rule, context, today));
            if (releaseEngines)
            {
                RulePattern.ReleaseLinearEnginesOf(rule);
            }

            if (!readsHistory[i] && Interlocked.Decrement(ref filesOnlyLeft) == 0
                && context.Snapshot.ReleaseContents() > CompactAfterReleasing && context.History is not null)
            {
                // What was just let go is most of the heap, spread through its oldest generation: without a compacting
                // collection now, the history read next is laid out around the holes and the peak stays high. Without
                // history, nothing large comes next, and the collection would be time lost.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            var finished = Interlocked.Increment(ref done);
            progress?.Report($"[{finished}/{rules.Length}] {rules[i].Rule.Id} {results[i].Outcome.ToWire()}");
        });
        return results;
    }

    /// <summary>
    /// How many characters of file text (held two to three times over, with the code views) must be let go for a
    /// compacting collection to pay. A small project's scan gives back too little to be worth stopping every thread
    /// for.
    /// </summary>
    private const long CompactAfterReleasing = 4 << 20;

    /// <summary>
    /// Starts reading the commit log and the blob inventory, each on its own (mostly waiting on git), while the file
    /// rules run. A failure is left in the history's lazy values, for the rule that asks to report.
    /// </summary>
    private static void Prefetch(GitHistory history)
    {
        Task.Run(() => Read(() => history.Commits));
        Task.Run(() => Read(() => history.Blobs));

        static void Read(Func<object> listing)
        {
            try
            {
                _ = listing();
            }
            catch (Exception)
            {
                // The same exception reaches the history rules when they ask (see the summary).
            }
        }
    }
}
