using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.EndToEnd;

/// <summary>The real `repoaudit` executable against real git repositories built in temp folders.</summary>
public sealed class ScanCliTests
{
    private static JsonElement Json(CliRun run)
    {
        run.Stderr.ShouldNotContain("internal error");
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static JsonElement Result(JsonElement report, string ruleId) =>
        report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == ruleId);

    private static GitRepo WellKeptRepo()
    {
        var repo = new GitRepo("kept");
        repo.Write("README.md", "# Demo\n\n## Setup\n\n```bash\npip install -r requirements.txt\n```\n\n## Usage\n\n```bash\npython train.py\n```\n")
            .Write("LICENSE", "MIT License\n")
            .Write("requirements.txt", "numpy==1.26.4\n")
            .Write(".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n")
            .Write("tests/test_x.py", "def test_x():\n    assert True\n")
            .Commit("init");
        return repo;
    }

    [Fact]
    public void LargeBinaryCommittedThenDeleted_FailsDataRuleWithProvenance()
    {
        using var repo = WellKeptRepo();
        var added = repo.WriteRandom("data/train.parquet", 2_200_000).Commit("add data");
        var deleted = repo.Delete("data/train.parquet").Commit("oops, remove data");

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "json");
        var data003 = Result(Json(run), "DATA003");

        run.ExitCode.ShouldBe(1);
        data003.GetProperty("outcome").GetString().ShouldBe("fail");
        var evidence = data003.GetProperty("evidence")[0];
        evidence.GetProperty("path").GetString().ShouldBe("data/train.parquet");
        evidence.GetProperty("commit").GetString().ShouldBe(added);
        evidence.GetProperty("detail").GetString()!.ShouldContain($"deleted in {deleted[..12]}");
        evidence.GetProperty("detail").GetString()!.ShouldContain("2.1 MB");
    }

    [Fact]
    public void LfsPointerForHugeModel_PassesDataRule()
    {
        using var repo = WellKeptRepo();
        repo.Write(".gitattributes", "*.pt filter=lfs diff=lfs merge=lfs -text\n").WriteLfsPointer("models/model.pt", 700_000_000).Commit("model via lfs");

        var report = Json(RepoAuditCli.Run("scan", repo.Path, "--format", "json"));

        Result(report, "DATA003").GetProperty("outcome").GetString().ShouldBe("pass");
    }

    [Fact]
    public void SecretCommittedThenRemoved_FailsAndIsRedactedEverywhere()
    {
        using var repo = WellKeptRepo();
        const string key = "AKIAQ7ZK3MXN4PW2RTYB";
        var added = repo.Write("settings.py", $"AWS_KEY = \"{key}\"\n").Commit("settings");
        repo.Write("settings.py", "import os\nAWS_KEY = os.environ['AWS_KEY']\n").Commit("use env");

        var json = RepoAuditCli.Run("scan", repo.Path, "--format", "json");
        var console = RepoAuditCli.Run("scan", repo.Path);
        var sec001 = Result(Json(json), "SEC001");

        sec001.GetProperty("outcome").GetString().ShouldBe("fail");
        sec001.GetProperty("evidence")[0].GetProperty("path").GetString().ShouldBe("settings.py");
        sec001.GetProperty("evidence")[0].GetProperty("commit").GetString().ShouldBe(added);
        json.Stdout.ShouldNotContain(key);
        console.Stdout.ShouldNotContain(key);
        console.Stdout.ShouldContain("SEC001");
    }

    [Fact]
    public void ShallowClone_HistoryRulesAreUnknownWithHowToDeepen()
    {
        using var repo = WellKeptRepo();
        repo.Write("b.txt", "b").Commit("second");
        using var clone = repo.ShallowClone();

        var report = Json(RepoAuditCli.Run("scan", clone.Path, "--format", "json"));

        report.GetProperty("repository").GetProperty("shallow").GetBoolean().ShouldBeTrue();
        var data003 = Result(report, "DATA003");
        data003.GetProperty("outcome").GetString().ShouldBe("unknown");
        data003.GetProperty("message").GetString()!.ShouldContain("fetch-depth: 0");
    }

    [Fact]
    public void SubFolderOfMonorepo_AuditsOnlyThatProject()
    {
        using var repo = new GitRepo("mono");
        repo.Write("README.md", "# Monorepo\n").WriteRandom("other-team/blob.bin", 11_000_000).Write("ml/train.py", "print(1)\n").Commit("init");

        var report = Json(RepoAuditCli.Run("scan", Path.Combine(repo.Path, "ml"), "--format", "json"));

        report.GetProperty("repository").GetProperty("root").GetString().ShouldBe(Path.Combine(repo.Path, "ml"));
        Result(report, "DATA003").GetProperty("outcome").GetString().ShouldBe("pass");
        Result(report, "DOC001").GetProperty("outcome").GetString().ShouldBe("fail"); // the monorepo README is not the project's
    }

    [Fact]
    public void PlainFolderWithoutGit_ScansFilesAndHistoryIsUnknown()
    {
        using var folder = new TempFolder("plain");
        folder.Write("README.md", "# x\n");

        var run = RepoAuditCli.Run("scan", folder.Path, "--format", "json");
        var report = Json(run);

        report.GetProperty("repository").GetProperty("isGitRepository").GetBoolean().ShouldBeFalse();
        report.GetProperty("repository").GetProperty("commit").ValueKind.ShouldBe(JsonValueKind.Null);
        Result(report, "SEC001").GetProperty("outcome").GetString().ShouldBe("unknown");
        Result(report, "SEC001").GetProperty("message").GetString()!.ShouldContain("not a git repository");
    }

    [Fact]
    public void GitMissingFromPath_EverythingElseStillWorks()
    {
        using var repo = WellKeptRepo();

        var run = RepoAuditCli.Run(["scan", repo.Path, "--format", "json"], null, new Dictionary<string, string?> { ["PATH"] = "/nonexistent" + Path.PathSeparator + Path.GetDirectoryName(Environment.ProcessPath) });
        var report = Json(run);

        Result(report, "DATA003").GetProperty("outcome").GetString().ShouldBe("unknown");
        Result(report, "CI001").GetProperty("outcome").GetString().ShouldBe("pass");
    }

    [Fact]
    public void JsonReport_FollowsTheContractWithEveryRuleOnce()
    {
        using var repo = WellKeptRepo();

        var report = Json(RepoAuditCli.Run("scan", repo.Path, "--format", "json"));

        report.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        report.GetProperty("tool").GetProperty("name").GetString().ShouldBe("repoaudit");
        report.GetProperty("repository").GetProperty("branch").GetString().ShouldBe("main");
        report.GetProperty("repository").GetProperty("dirty").GetBoolean().ShouldBeFalse();
        report.GetProperty("scannedAt").GetString()!.ShouldEndWith("Z");
        report.GetProperty("score").GetDouble().ShouldBeInRange(0, 100);
        report.GetProperty("grade").GetString().ShouldBeOneOf("A", "B", "C", "D", "F");
        report.GetProperty("gate").GetProperty("failOn").GetString().ShouldBe("error");
        var ids = report.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToArray();
        var listed = RepoAuditCli.Run("rules", "list").Stdout;
        ids.ShouldBeUnique();
        ids.ShouldAllBe(id => listed.Contains(id!));
        ids.Length.ShouldBe(listed.Split('\n').Count(line => line.Length > 0 && char.IsUpper(line[0]) && !line.StartsWith("ID", StringComparison.Ordinal)));
        foreach (var result in report.GetProperty("results").EnumerateArray())
        {
            result.GetProperty("outcome").GetString().ShouldBeOneOf("pass", "fail", "not_applicable", "unknown", "error", "suppressed");
            result.GetProperty("remediation").GetString().ShouldNotBeNullOrWhiteSpace();
            result.GetProperty("evidence").ValueKind.ShouldBe(JsonValueKind.Array);
        }
    }

    [Fact]
    public void Gate_ExitCodesFollowFailOnAndMinScore()
    {
        using var repo = WellKeptRepo();
        repo.Write(".repoaudit.yml", "rules:\n  SEC001: { enabled: false }\n").Commit("config");

        var strict = RepoAuditCli.Run("scan", repo.Path, "--fail-on", "info", "--format", "json");
        var never = RepoAuditCli.Run("scan", repo.Path, "--fail-on", "never", "--format", "json");
        var score = RepoAuditCli.Run("scan", repo.Path, "--fail-on", "never", "--min-score", "100", "--format", "json");

        never.ExitCode.ShouldBe(0);
        Json(never).GetProperty("gate").GetProperty("passed").GetBoolean().ShouldBeTrue();
        var strictReport = Json(strict);
        var anyFailure = strictReport.GetProperty("results").EnumerateArray().Any(r => r.GetProperty("outcome").GetString() == "fail");
        strict.ExitCode.ShouldBe(anyFailure ? 1 : 0);
        var scoreValue = Json(score).GetProperty("score").GetDouble();
        score.ExitCode.ShouldBe(scoreValue < 100 ? 1 : 0);
        strictReport.GetProperty("results").EnumerateArray().ShouldNotContain(r => r.GetProperty("ruleId").GetString() == "SEC001");
    }

    [Fact]
    public void SeveralReports_FromOneScan()
    {
        using var repo = WellKeptRepo();
        using var output = new TempFolder("out");
        var json = Path.Combine(output.Path, "nested", "audit.json");
        var console = Path.Combine(output.Path, "audit.txt");

        var run = RepoAuditCli.Run("scan", repo.Path, "--report", $"json={json}", "--report", $"console={console}", "--format", "json", "--output", "-");

        File.Exists(json).ShouldBeTrue();
        JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("score").GetDouble()
            .ShouldBe(Json(run).GetProperty("score").GetDouble());
        File.ReadAllText(console).ShouldContain("Score");
    }

    [Theory]
    [InlineData("models/encoder.bin", "fail")]   // under both limits: the lower one, 1KB, applies
    [InlineData("tools/encoder.bin", "pass")]    // under the 1MB limit only
    public void HistoryBlobLimits_APathUnderSeveralLimitsGetsTheLowest(string path, string outcome)
    {
        using var repo = new GitRepo("limits");
        repo.Write("README.md", "# x\n").WriteRandom(path, 10_000).Commit("add an encoder");
        using var pack = new TempFolder("pack");
        pack.Write("TEAM001-team-rule/rule.yml", TestRules.Rule(check: """
            check:
              history_blobs:
                max_size: 10MB
                limits:
                  - { files: ["models/**"], max_size: 1KB }
                  - { files: ["**/*.bin"], max_size: 1MB }
            """));

        var report = Json(RepoAuditCli.Run("scan", repo.Path, "--no-builtin-rules", "--rules", pack.Path, "--format", "json"));

        Result(report, "TEAM001").GetProperty("outcome").GetString().ShouldBe(outcome);
    }

    [Fact]
    public void MalformedRulePack_ExitsTwoNamingFileLineAndColumn()
    {
        using var repo = WellKeptRepo();
        using var pack = new TempFolder("pack");
        var file = pack.Write("TEAM001-team-rule/rule.yml", TestRules.Rule(check: "check:\n  contains: { files: [\"**/*.py\"], pattern: '([a-z' }"));

        var run = RepoAuditCli.Run("scan", repo.Path, "--rules", pack.Path);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("TEAM001-team-rule/rule.yml:9:");
        run.Stderr.ShouldContain("invalid regex");
        run.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void BadConfig_ExitsTwoNamingTheLine()
    {
        using var repo = WellKeptRepo();
        repo.Write(".repoaudit.yml", "rules:\n  NOPE999: { enabled: false }\n");

        var run = RepoAuditCli.Run("scan", repo.Path);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain(".repoaudit.yml:2:3: unknown rule id 'NOPE999'");
    }

    [Theory]
    [InlineData("scan", "/definitely/not/here")]
    [InlineData("scan", ".", "--format", "pdf")]
    [InlineData("scan", ".", "--report", "json")]
    [InlineData("scan", ".", "--fail-on", "sometimes")]
    [InlineData("scan", ".", "--bogus")]
    [InlineData("rules", "show", "NOPE999")]
    public void BadArguments_ExitTwoWithAMessage(params string[] args)
    {
        var run = RepoAuditCli.Run(args);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldStartWith("repoaudit: ");
        run.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void PathThatIsAFile_ExitsTwo()
    {
        using var folder = new TempFolder("file");
        var file = folder.Write("x.txt", "x");

        var run = RepoAuditCli.Run("scan", file);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("is a file");
    }

    [Fact]
    public void Suppression_WithReasonSuppresses_AndExpiredOneCountsAgain()
    {
        using var repo = WellKeptRepo();
        repo.Write(".repoaudit.yml", "rules:\n  DOC002: { suppress: \"licence decided by legal\", until: 2099-01-01 }\n  CI001: { suppress: \"old exception\", until: 2020-01-01 }\n");
        repo.Delete("LICENSE").Delete(".github/workflows/ci.yml").Commit("drop");

        var report = Json(RepoAuditCli.Run("scan", repo.Path, "--format", "json"));

        var doc002 = Result(report, "DOC002");
        doc002.GetProperty("outcome").GetString().ShouldBe("suppressed");
        doc002.GetProperty("suppression").GetProperty("reason").GetString().ShouldBe("licence decided by legal");
        var ci001 = Result(report, "CI001");
        ci001.GetProperty("outcome").GetString().ShouldBe("fail");
        ci001.GetProperty("message").GetString()!.ShouldContain("expired on 2020-01-01");
    }

    [Fact]
    public void NoHistory_MakesHistoryRulesUnknown()
    {
        using var repo = WellKeptRepo();

        var report = Json(RepoAuditCli.Run("scan", repo.Path, "--no-history", "--format", "json"));

        Result(report, "DATA003").GetProperty("outcome").GetString().ShouldBe("unknown");
        Result(report, "DATA003").GetProperty("message").GetString()!.ShouldContain("--no-history");
    }

    [Fact]
    public void Scan_LeavesTheRepositoryExactlyAsItWas()
    {
        using var repo = WellKeptRepo();
        repo.Write("untracked.py", "x");
        var before = Snapshot(repo.Path);

        RepoAuditCli.Run("scan", repo.Path, "--format", "json").ExitCode.ShouldBeOneOf(0, 1);

        Snapshot(repo.Path).ShouldBe(before);

        static string[] Snapshot(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(root, f)} {File.GetLastWriteTimeUtc(f):O} {new FileInfo(f).Length}").Order().ToArray();
    }

    [Fact]
    public void HelpAndVersion_Work()
    {
        RepoAuditCli.Run("--help").Stdout.ShouldContain("scan");
        var scanHelp = RepoAuditCli.Run("scan", "--help");
        scanHelp.ExitCode.ShouldBe(0);
        scanHelp.Stdout.ShouldContain("--fail-on");
        scanHelp.Stdout.ShouldContain("--history-depth");
        RepoAuditCli.Run("--version").Stdout.Trim().ShouldNotBeEmpty();
    }

    [Fact]
    public void RulesCommands_ListShowValidate()
    {
        var show = RepoAuditCli.Run("rules", "show", "DATA003");
        show.ExitCode.ShouldBe(0);
        show.Stdout.ShouldContain("Why it matters");
        show.Stdout.ShouldContain("How to fix it");
        show.Stdout.ShouldContain("max_blob_size: 10MB");
        show.Stdout.ShouldContain("References");

        RepoAuditCli.Run("rules", "validate", Paths.Rules).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Init_WritesAConfigThatLoads_AndRefusesToOverwrite()
    {
        using var folder = new TempFolder("init");

        var first = RepoAuditCli.Run("init", folder.Path);
        var second = RepoAuditCli.Run("init", folder.Path);

        first.ExitCode.ShouldBe(0);
        var text = File.ReadAllText(Path.Combine(folder.Path, ".repoaudit.yml"));
        text.ShouldContain("# DATA003: { severity: error }");
        second.ExitCode.ShouldBe(2);
        second.Stderr.ShouldContain("--force");
        RepoAuditCli.Run("scan", folder.Path, "--format", "json").ExitCode.ShouldBeOneOf(0, 1);
    }
}
