using System.Diagnostics;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Config;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Engine;

/// <summary>Command-line choices that take precedence over the config file.</summary>
public sealed record AuditOptions
{
    public FailOn? FailOn { get; init; }
    public double? MinScore { get; init; }
    public int? HistoryDepth { get; init; }
    public bool NoHistory { get; init; }
    public GitRunner? Git { get; init; } = new();
    public DateOnly? Today { get; init; }
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// The audit pipeline, one way through: plan (rules + config) -> snapshot -> evaluate -> score -> gate.
/// Renderers take the resulting <see cref="AuditReport"/>.
/// </summary>
public static class Auditor
{
    public static AuditReport Run(string folder, AuditPlan plan, AuditOptions options)
    {
        var clock = Stopwatch.StartNew();
        var scannedAt = DateTimeOffset.UtcNow;
        options.Progress?.Report("listing files");
        var snapshot = RepositorySnapshot.FromWorkTree(folder, new SnapshotOptions { Exclude = plan.Config.Exclude, Git = options.Git });
        options.Progress?.Report($"{snapshot.Files.Count} files; evaluating {plan.EnabledRules.Count()} rules");

        var context = CheckContext.For(snapshot, !options.NoHistory, options.HistoryDepth ?? plan.Config.HistoryDepth);
        var results = Evaluate(plan, context, options.Today ?? DateOnly.FromDateTime(scannedAt.UtcDateTime), options.Progress);
        var scorecard = Scorecard.From(results);
        var gate = GateResult.Evaluate(results, scorecard.Score,
            options.FailOn ?? plan.Config.FailOn ?? FailOn.Default,
            options.MinScore ?? plan.Config.MinScore);

        var git = snapshot.Git?.Info;
        var repository = new RepositoryInfo(snapshot.Root, git?.Head, git?.Branch, git?.Shallow ?? false, git?.Dirty ?? false, git is not null, git?.Partial ?? false);
        return new AuditReport(ToolInfo.Current, repository, scannedAt, clock.ElapsedMilliseconds, scorecard, gate, results, snapshot.Skipped, context.HistoryUnavailableReason);
    }

    /// <summary>Evaluates every enabled rule, in parallel; results keep the rules' order.</summary>
    public static IReadOnlyList<RuleResult> Evaluate(AuditPlan plan, CheckContext context, DateOnly today, IProgress<string>? progress = null)
    {
        var rules = plan.EnabledRules.ToArray();
        var results = new RuleResult[rules.Length];
        var done = 0;
        Parallel.For(0, rules.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            results[i] = RuleEvaluator.Evaluate(rules[i], context, today);
            var finished = Interlocked.Increment(ref done);
            progress?.Report($"[{finished}/{rules.Length}] {rules[i].Rule.Id} {results[i].Outcome.ToWire()}");
        });
        return results;
    }
}
