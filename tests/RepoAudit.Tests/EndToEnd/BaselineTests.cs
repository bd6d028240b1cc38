using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.EndToEnd;

/// <summary>`scan --baseline REF`: the gate judges only what changed since REF, with REF's configuration.</summary>
public sealed class BaselineTests
{
    private static GitRepo BaseRepo(out string baseCommit)
    {
        var repo = new GitRepo("baseline");
        repo.Write("README.md", "# Demo\n\n## Setup\n\npip install -r requirements.txt\n\n## Usage\n\npython train.py\n")
            .Write("LICENSE", "MIT License\n\nCopyright (c) 2026 Demo\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n")
            .Write("requirements.txt", "numpy==1.26.4\n")
            .Write("tests/test_x.py", "def test_x():\n    assert True\n");
        baseCommit = repo.Commit("base: no CI yet");
        repo.Git("branch", "base");
        return repo;
    }

    private static JsonElement Baseline(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("baseline");

    private static string[] Ids(JsonElement baseline, string name) =>
        baseline.GetProperty(name).EnumerateArray().Select(id => id.GetString()!).ToArray();

    [Fact]
    public void OnlyOldFailures_GatePasses()
    {
        using var repo = BaseRepo(out _);
        // The feature comes with its test, so the history rule CI003 has nothing new to say.
        repo.Write("train.py", "print('hi')\n").Write("tests/test_train.py", "def test_train():\n    assert True\n").Commit("feature");

        var run = RepoAuditCli.Run("scan", repo.Path, "--baseline", "base", "--format", "json");
        var baseline = Baseline(run);

        run.ExitCode.ShouldBe(0, run.Stderr);
        Ids(baseline, "stillFailing").ShouldContain("CI001");
        Ids(baseline, "newlyFailing").ShouldBeEmpty();
    }

    [Fact]
    public void NewFailure_FailsTheGateOnThatRuleOnly()
    {
        using var repo = BaseRepo(out var baseCommit);
        repo.Delete("LICENSE")
            .Write("deploy.py", "TOKEN = \"ghp_Zq8RkVn3LpX2cT7wYb5MhJd9Fs4Ge6Ua1NoP\"\n")
            .Write("tests/test_deploy.py", "def test_deploy():\n    assert True\n")
            .Commit("feature");

        var run = RepoAuditCli.Run("scan", repo.Path, "--baseline", baseCommit, "--format", "json", "--fail-on", "warning");
        var report = JsonDocument.Parse(run.Stdout).RootElement;
        var baseline = report.GetProperty("baseline");

        run.ExitCode.ShouldBe(1);
        Ids(baseline, "newlyFailing").ShouldBe(["DOC002", "SEC001"], ignoreOrder: true);
        baseline.GetProperty("commit").GetString().ShouldBe(baseCommit);
        baseline.GetProperty("scoreDelta").GetDouble().ShouldBeLessThan(0);
        var reasons = report.GetProperty("gate").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray();
        reasons.ShouldAllBe(reason => !reason!.Contains("CI001"));
        report.GetProperty("gate").GetProperty("baseline").GetString().ShouldBe(baseCommit);
    }

    [Fact]
    public void FixedRule_IsReported()
    {
        using var repo = BaseRepo(out _);
        repo.Write(".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n").Commit("add CI");

        var baseline = Baseline(RepoAuditCli.Run("scan", repo.Path, "--baseline", "base", "--format", "json"));

        Ids(baseline, "fixed").ShouldContain("CI001");
        baseline.GetProperty("scoreDelta").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ChangeThatDisablesARuleInConfig_IsStillJudgedByTheBaselineConfig()
    {
        using var repo = BaseRepo(out _);
        repo.Delete("LICENSE").Write(".repoaudit.yml", "rules:\n  DOC002: { enabled: false }\n").Commit("sneaky");

        var run = RepoAuditCli.Run("scan", repo.Path, "--baseline", "base", "--format", "json", "--fail-on", "warning");
        var baseline = Baseline(run);

        run.ExitCode.ShouldBe(1);
        Ids(baseline, "newlyFailing").ShouldContain("DOC002");
        baseline.GetProperty("configChanged").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void UnknownBaseline_ExitsTwoAndSaysHowToFetchIt()
    {
        using var repo = BaseRepo(out _);

        var run = RepoAuditCli.Run("scan", repo.Path, "--baseline", "origin/does-not-exist");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("fetch-depth: 0");
    }

    [Fact]
    public void Baseline_LeavesTheWorkTreeAndHeadUntouched()
    {
        using var repo = BaseRepo(out _);
        var head = repo.Write("new.txt", "n").Commit("head");
        repo.Write("uncommitted.py", "x = 1\n");

        RepoAuditCli.Run("scan", repo.Path, "--baseline", "base", "--format", "json").ExitCode.ShouldBeOneOf(0, 1);

        repo.Git("rev-parse", "HEAD").Trim().ShouldBe(head);
        repo.Git("status", "--porcelain").ShouldBe("?? uncommitted.py\n");
        File.Exists(Path.Combine(repo.Path, "new.txt")).ShouldBeTrue();
    }

    [Fact]
    public void ConsoleReport_ShowsTheComparison()
    {
        using var repo = BaseRepo(out _);
        repo.Delete("LICENSE").Commit("drop licence");

        var run = RepoAuditCli.Run("scan", repo.Path, "--baseline", "base");

        run.Stdout.ShouldContain("Compared with base");
        run.Stdout.ShouldContain("newly failing: DOC002");
    }
}
