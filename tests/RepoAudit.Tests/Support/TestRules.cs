using RepoAudit.Core.Checks;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;
using System.Text;

namespace RepoAudit.Tests.Support;

/// <summary>Small builders for checks and in-memory snapshots, so unit tests stay short and read like specifications.</summary>
public static class TestRules
{
    public static ICheck Check(string yaml, IReadOnlyDictionary<string, OptionValue>? options = null)
    {
        var (doc, root) = YamlDoc.Parse("check.yml", yaml);
        return CheckCompiler.Compile(new CheckReader(doc, options ?? new Dictionary<string, OptionValue>(), RepoAudit.Core.Rules.RuleLoader.BuiltinFacts), root!);
    }

    public static RepositorySnapshot Snapshot(params (string Path, string Content)[] files) =>
        RepositorySnapshot.FromContents("/virtual", files.ToDictionary(
            file => file.Path,
            file => FileContent.Decode(file.Path, Encoding.UTF8.GetBytes(file.Content), Encoding.UTF8.GetByteCount(file.Content))));

    public static CheckResult Evaluate(string yaml, params (string Path, string Content)[] files) =>
        Check(yaml).Evaluate(new CheckContext(Snapshot(files), null, "no history in unit tests"));

    /// <summary>Evaluates a check on a real folder, through git as a scan reads it (history too, when asked).</summary>
    public static CheckResult EvaluateIn(string folder, string yaml, bool useHistory = false) =>
        Check(yaml).Evaluate(CheckContext.For(RepositorySnapshot.FromWorkTree(folder, new SnapshotOptions { Git = new RepoAudit.Core.Git.GitRunner() }), useHistory, null));

    /// <summary>A minimal valid rule; <paramref name="replace"/> swaps one line to break it in a specific way.</summary>
    public static string Rule(string id = "TEAM001", string name = "team-rule", string check = "check:\n  exists: [\"README.md\"]") => $"""
        id: {id}
        name: {name}
        title: A team rule
        category: documentation
        severity: warning
        why: Because.
        fix: Do it.
        {check}
        """;
}
