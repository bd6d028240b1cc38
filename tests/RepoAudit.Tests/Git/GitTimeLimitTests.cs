using RepoAudit.Core.Checks;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Git;

/// <summary>
/// Every git command has a time limit. The limit here is 100 ns: no git process can start, let alone finish, within it,
/// and a command that finishes after its limit counts as timed out, so these tests never depend on the machine's speed.
/// </summary>
public sealed class GitTimeLimitTests
{
    private static readonly GitRunner Hurried = new(timeLimit: TimeSpan.FromTicks(1));

    private static GitRepo Repository()
    {
        var repo = new GitRepo("time-limit");
        repo.Write("README.md", "# x\n").Write("src/train.py", "import torch\n").Commit("init");
        repo.Write("tests/test_train.py", "def test(): pass\n").Commit("tests");
        return repo;
    }

    [Fact]
    public void Run_PastTheLimit_ThrowsAnExceptionThatSaysSo()
    {
        using var repo = Repository();

        var error = Should.Throw<GitTimeoutException>(() => Hurried.Run(repo.Path, "log", "--oneline"));

        error.Message.ShouldContain("git log --oneline did not finish within its time limit");
        error.Message.ShouldContain("--git-timeout");
        new GitRunner().Run(repo.Path, "log", "--oneline").Ok.ShouldBeTrue(); // the default limit is ample
    }

    [Fact]
    public void CatFileBatch_EachRequestHasTheLimit()
    {
        using var repo = Repository();
        var oid = repo.Git("rev-parse", "HEAD:README.md").Trim();

        using var blobs = new CatFileBatch(Hurried, repo.Path);

        Should.Throw<GitTimeoutException>(() => blobs.Read(oid));
    }

    [Fact]
    public void Deadline_NotArmed_LetsALongLivedProcessWaitIdle_ArmedItStopsIt()
    {
        using var repo = Repository();
        using var process = Hurried.Start(repo.Path, ["cat-file", "--batch"]);
        using var deadline = Hurried.Deadline(process, ["cat-file", "--batch"], armed: false);

        Thread.Sleep(100); // far past the limit, but idle: nothing is armed
        deadline.Passed.ShouldBeFalse();
        process.HasExited.ShouldBeFalse();

        deadline.Restart(); // a request starts
        process.WaitForExit(60_000).ShouldBeTrue(); // killed at its limit
        Should.Throw<GitTimeoutException>(deadline.ThrowIfPassed);
    }

    [Fact]
    public void HistoryReads_PastTheLimit_MakeHistoryRulesUnknownWithTheReason()
    {
        using var repo = Repository();
        var git = GitRepository.Discover(new GitRunner(), repo.Path, out _)!;
        var snapshot = RepositorySnapshot.FromWorkTree(repo.Path, new SnapshotOptions { Git = new GitRunner() });
        var context = new CheckContext(snapshot, git.WithRunner(Hurried).History(null), null);
        var plan = AuditPlan.Load(new RuleSources(), repo.Path);

        var results = Auditor.Evaluate(plan, context, new DateOnly(2026, 1, 1)).ToDictionary(r => r.Rule.Id);

        foreach (var id in new[] { "SEC001", "DATA003", "CI003" })
        {
            results[id].Outcome.ShouldBe(Outcome.Unknown, id);
            results[id].Message.ShouldContain("time limit", Case.Insensitive, id);
        }

        results["DOC001"].Outcome.ShouldNotBe(Outcome.Unknown); // work-tree rules do not need git history
    }

    [Fact]
    public void Scan_WithATinyGitTimeout_EndsWithUnknownHistoryRules_NotAHangOrExitCode2()
    {
        using var repo = Repository();

        var run = RepoAuditCli.Run(["scan", repo.Path, "--format", "json", "--quiet", "--git-timeout", "0.0000001"]);

        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        var results = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("ruleId").GetString()!);
        results["SEC001"].GetProperty("outcome").GetString().ShouldBe("unknown");
        results["SEC001"].GetProperty("message").GetString()!.ShouldContain("time limit");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Scan_RejectsANonPositiveGitTimeout(string seconds)
    {
        using var repo = Repository();

        var run = RepoAuditCli.Run(["scan", repo.Path, "--git-timeout", seconds]);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("--git-timeout");
    }
}
