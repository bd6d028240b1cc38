using System.Globalization;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `history_cochange: { code, tests, commits, min_share }` holds when, among the last `commits` non-merge commits that
/// change code files, at least min_share also change a test file. Test code is code: a commit that adds or fixes tests
/// on their own is the test suite evolving too.
/// </summary>
public sealed class HistoryCochangeCheck(IReadOnlyList<string> code, IReadOnlyList<string> tests, int commits, double minShare) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "history_cochange", ["code", "tests", "commits", "min_share"], ["code", "tests"]);
        return new HistoryCochangeCheck(
            reader.Globs(args["code"].Value, "'history_cochange.code'"),
            reader.Globs(args["tests"].Value, "'history_cochange.tests'"),
            args.TryGetValue("commits", out var n) ? reader.Integer(n.Value, "'history_cochange.commits'", 1, 1_000_000) : 200,
            args.TryGetValue("min_share", out var share) ? reader.Fraction(share.Value, "'history_cochange.min_share'") : 0.1);
    }

    public bool ReadsHistory => true;

    public CheckResult Evaluate(CheckContext context)
    {
        if (context.History is not { } history)
        {
            return CheckResult.Unknown(context.HistoryUnavailableReason!);
        }

        var candidates = history.Commits.Where(commit => !commit.IsMerge && commit.Changes.Count > 0).ToArray();
        var paths = candidates.SelectMany(commit => commit.Changes.Select(change => change.Path)).Distinct().ToArray();
        var testPaths = new HashSet<string>(Globs.Match(tests, paths), StringComparer.Ordinal);
        var codePaths = new HashSet<string>(Globs.Match(code, paths), StringComparer.Ordinal);

        var codeCommits = candidates.Where(commit => commit.Changes.Any(change => codePaths.Contains(change.Path))).Take(commits).ToArray();
        if (codeCommits.Length == 0)
        {
            return CheckResult.Unknown("no commit in the history changes code files, so there is nothing to measure");
        }

        var withTests = codeCommits.Count(commit => commit.Changes.Any(change => testPaths.Contains(change.Path)));
        var share = withTests / (double)codeCommits.Length;
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"{withTests} of the last {EvidenceList.Plural(codeCommits.Length, "code-changing commit")} also changed tests ({share:P0}; threshold {minShare:P0})");
        var evidence = new List<Evidence> { Evidence.Note(figure) };
        evidence.AddRange(codeCommits.Where(commit => !commit.Changes.Any(change => testPaths.Contains(change.Path))).Take(5)
            .Select(commit => new Evidence(null, null, commit.Sha, $"changed code without tests: {commit.Subject}")));
        return share >= minShare ? CheckResult.Holds(figure, evidence) : CheckResult.Fails(figure, evidence);
    }
}
