using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using RepoAudit.Tests.Reports;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Robustness;

/// <summary>
/// Repositories built to hurt a scanner, each run through the real CLI. Whatever the input, the scan ends with exit 0 or 1
/// and a report (2 only for a problem with the invocation itself), reads nothing outside the repository, writes nothing
/// into it, and never shows a stack trace.
/// </summary>
public sealed class HostileRepositoryTests
{
    /// <summary>A team pack next to (not inside) the audited repository, so the pack's own files are not audited.</summary>
    private sealed class Pack : IDisposable
    {
        private readonly TempFolder _folder = new("pack");

        public Pack(params (string Id, string Check)[] rules)
        {
            foreach (var (id, check) in rules)
            {
                _folder.Write($"{id}/rule.yml", TestRules.Rule(id: id, name: id.ToLowerInvariant(), check: check));
            }
        }

        public string Path => _folder.Path;

        public void Dispose() => _folder.Dispose();
    }

    private static CliRun Scan(string folder, params string[] extra) =>
        RepoAuditCli.Run(["scan", folder, "--format", "json", "--quiet", .. extra]);

    private static JsonElement Report(CliRun run)
    {
        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        run.Stderr.ShouldNotContain("internal error");
        run.Stderr.ShouldNotContain("   at ");
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static JsonElement Result(JsonElement report, string ruleId) =>
        report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == ruleId);

    private static string Outcome(JsonElement report, string ruleId) => Result(report, ruleId).GetProperty("outcome").GetString()!;

    private static string Evidence(JsonElement result) => string.Join("\n", result.GetProperty("evidence").EnumerateArray()
        .Select(e => $"{e.GetProperty("path").GetString()}:{(e.TryGetProperty("line", out var line) ? line.ToString() : "")} {e.GetProperty("detail").GetString()}"));

    private static Dictionary<string, string> Skipped(JsonElement report) => report.GetProperty("skipped").EnumerateArray()
        .ToDictionary(s => s.GetProperty("path").GetString()!, s => s.GetProperty("reason").GetString()!);

    [Fact]
    public void Symlinks_OutOfTheRepositoryLoopsAndDangling_AreReportedAndNeverFollowed()
    {
        using var outside = new TempFolder("outside");
        outside.Write("secret.py", "OUTSIDE_MARKER = 'read from outside the repository'\n");
        using var repo = new GitRepo("symlinks");
        repo.Write("train.py", "print('inside')\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "linked.py"), Path.Combine(outside.Path, "secret.py"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "outdir"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "loop"), ".");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "a.py"), "b.py");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "b.py"), "a.py");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "dangling.py"), "missing.py");
        repo.Commit("links");
        using var pack = new Pack(("TEAM001", "check:\n  contains: { files: [\"**/*\"], pattern: 'OUTSIDE_MARKER' }"));

        var report = Report(Scan(repo.Path, "--rules", pack.Path));

        Outcome(report, "TEAM001").ShouldBe("fail");
        var skipped = Skipped(report);
        skipped["linked.py"].ShouldContain("outside the repository");
        skipped["outdir"].ShouldContain("outside the repository");
        skipped["loop"].ShouldContain("folder");
        skipped["a.py"].ShouldContain("loop");
        skipped["dangling.py"].ShouldContain("does not exist");
        Report(Scan(repo.Path)); // and the built-in pack copes too
    }

    [Fact]
    public void GitignoreWithAReversedRange_IsSkippedLikeGitDoes_AndTheEvidenceSaysSo()
    {
        const string ignore = ".env\n[z-a]\n";
        using var repo = new GitRepo("reverse-range");
        repo.Write(".gitignore", ignore).Write("train.py", "import dotenv\n").Commit("ignore");
        using var plain = new TempFolder("reverse-range-plain");
        plain.Write(".gitignore", ignore);
        plain.Write("train.py", "import dotenv\n");
        plain.Write("z", "a file the skipped pattern would have hidden\n");

        foreach (var folder in new[] { repo.Path, plain.Path })
        {
            var report = Report(Scan(folder, "--no-history"));

            Outcome(report, "SEC002").ShouldBe("pass"); // .env is still covered by the line git can use
            Evidence(Result(report, "SEC002")).ShouldContain(".gitignore:2 '[z-a]' skipped: range z-a is in reverse order");
        }
    }

    [Fact]
    public void GitignoreWithManyGlobstars_BesideAFolder40Deep_ScansInBoundedTime()
    {
        var globstars = string.Concat(Enumerable.Repeat("**/", 12));
        using var folder = new TempFolder("globstars");
        folder.Write(".gitignore", $"{globstars}.env\n{globstars}*.pt\n");
        var deep = string.Join('/', Enumerable.Range(1, 40).Select(i => $"level{i}"));
        folder.Write($"{deep}/train.py", "import dotenv\nimport numpy as np\nnp.random.seed(0)\n");
        folder.Write($"{deep}/model.pt", "weights");
        folder.Write($"{deep}/.env", "TOKEN=x\n");

        var report = Report(Scan(folder.Path, "--no-history")); // before the linear matcher: minutes

        Outcome(report, "SEC002").ShouldBe("pass");
        Evidence(Result(report, "SEC002")).ShouldContain($"is ignored by '{globstars}.env'");
        report.GetRawText().ShouldNotContain("level40/model.pt"); // ignored by the other line, so never listed
    }

    [Fact]
    public void DockerfileOfTensOfThousandsOfArgs_IsJudged_NotStoppedByTheMatchBudget()
    {
        using var folder = new TempFolder("args");
        var args = string.Concat(Enumerable.Range(0, 60_000).Select(i => $"ARG IMAGE_{i}=org/image{i}\n"));
        folder.Write("Dockerfile", args + "FROM python:3.11.9-slim\nARG BASE=org/trainer\nFROM $BASE\n");

        var report = Report(Scan(folder.Path, "--no-history"));

        // Each ARG looks ahead a bounded number of lines for a FROM of its own, so the pattern stays linear.
        Outcome(report, "CTR002").ShouldBe("fail");
        Evidence(Result(report, "CTR002")).ShouldContain("ARG BASE=org/trainer");
    }

    [Fact]
    public void EntryPointsAndCommandsOnOneLineOfMegabytes_AreReadOnce_NotOncePerFile()
    {
        // `runnable` asks, of every Python file, whether a packaging file's entry point names it; EXP002 asks of every
        // YAML file whether a README's command names it. Here both naming files are one line of megabytes that names
        // every candidate hundreds of times: each is searched once, and only the line around a mention is read.
        using var folder = new TempFolder("entrypoints");
        foreach (var i in Enumerable.Range(0, 1_000))
        {
            folder.Write($"pkg/m{i}.py", "import torch\n\ndef main():\n    loss = torch.zeros(1)\n    loss.backward()\n");
        }

        foreach (var i in Enumerable.Range(0, 200))
        {
            folder.Write($"configs/c{i}.yaml", "lr: 0.1\nbatch_size: 8\nepochs: 3\n");
        }

        folder.Write("pkg/__init__.py", "");
        folder.Write("pyproject.toml", "[project]\nname = \"pkg\"\n[project.scripts]\nx = \""
            + string.Join(' ', Enumerable.Range(0, 400_000).Select(i => $"pkg.m{i % 1_000}:main")) + "\"\n");
        folder.Write("README.md", "python train.py --config "
            + string.Join(' ', Enumerable.Range(0, 300_000).Select(i => $"configs/c{i % 200}.yaml")) + "\n");

        var report = Report(Scan(folder.Path, "--no-history"));

        // The console scripts make the package's modules programs that train, unseeded and untracked.
        Outcome(report, "REP001").ShouldBe("fail");
        Outcome(report, "EXP001").ShouldBe("fail");
        Outcome(report, "EXP002").ShouldBe("pass");
    }

    [Fact]
    public void OddBytes_AreDecodedWhereTheyAreText_AndLineNumbersStayRight()
    {
        using var repo = new GitRepo("bytes");
        var folder = repo.Path;
        File.WriteAllBytes(Path.Combine(folder, "utf16.py"), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("import numpy as np\r\nnp.random.seed(7)\r\n")]);
        File.WriteAllBytes(Path.Combine(folder, "bad_utf8.py"), [.. "x = '"u8, 0xC3, 0x28, .. "'\nimport torch\n"u8]);
        File.WriteAllBytes(Path.Combine(folder, "nul.py"), [.. "import os\0\0\0"u8, 0xFF, 0xFE, 0x00]);
        repo.Write("crlf.py", "a = 1\r\nb = 2\r\nTARGET = 3\r\n")
            .Write("long.py", "x = '" + new string('y', 5_000_000) + "'\n")
            .Commit("odd bytes");
        using var pack = new Pack(
            ("TEAM001", "check:\n  contains: { files: [\"utf16.py\"], pattern: 'np\\.random\\.seed\\(7\\)' }"),
            ("TEAM002", "check:\n  contains: { files: [\"crlf.py\"], pattern: '^TARGET' }"),
            ("TEAM003", "check:\n  contains: { files: [\"bad_utf8.py\"], pattern: 'import torch' }"),
            // Greedy on a 5 MB line: too slow for backtracking, answered by the linear engine instead of an error.
            ("TEAM004", "check:\n  contains: { files: [\"long.py\"], pattern: '^[^#\\n]*(zzz|qqq)' }"),
            ("TEAM005", "check:\n  contains: { files: [\"nul.py\"], pattern: 'import os' }"));

        var report = Report(Scan(folder, "--no-builtin-rules", "--rules", pack.Path));

        Outcome(report, "TEAM001").ShouldBe("pass");
        Evidence(Result(report, "TEAM002")).ShouldContain("crlf.py:3");
        Outcome(report, "TEAM003").ShouldBe("pass");
        Outcome(report, "TEAM004").ShouldBe("fail");
        Outcome(report, "TEAM005").ShouldBe("fail"); // a binary file is not searched, and says so
        Evidence(Result(report, "TEAM005")).ShouldContain("nul.py");
    }

    [Fact]
    public void CatastrophicPatterns_NeverHang_AndOneNoEngineCanBoundIsAnErrorNamingTheRule()
    {
        using var repo = new GitRepo("redos");
        repo.Write("input.txt", new string('a', 100_000) + "!\n").Commit("input");
        using var pack = new Pack(
            ("TEAM001", "check:\n  contains: { files: [\"input.txt\"], pattern: '(a+)+$' }"),
            ("TEAM002", "check:\n  contains: { files: [\"input.txt\"], pattern: '(?=a)(a+)+$' }"),
            ("TEAM003", "check:\n  exists: [\"input.txt\"]"));

        var report = Report(Scan(repo.Path, "--no-builtin-rules", "--rules", pack.Path));

        Outcome(report, "TEAM001").ShouldBe("fail"); // the right answer, from the linear engine
        Outcome(report, "TEAM002").ShouldBe("error");
        Result(report, "TEAM002").GetProperty("message").GetString()!.ShouldContain("rule TEAM002: the pattern '(?=a)(a+)+$' took longer than");
        Outcome(report, "TEAM003").ShouldBe("pass"); // the other rules go on
    }

    [Fact]
    public void HugeFiles_ManyFiles_AndDeepFolders_AreScannedWithoutReadingTooMuch()
    {
        using var folder = new TempFolder("huge");
        using (var sparse = File.Create(Path.Combine(folder.Path, "dump.bin")))
        {
            sparse.SetLength(4L * 1024 * 1024 * 1024); // 4 GB, sparse: costs no disk, would cost memory if read
        }

        folder.Write("big.csv", string.Concat(Enumerable.Repeat("1,2,3,4,5,6,7,8,9,10\n", 1_500_000))); // ~30 MB of text
        for (var i = 0; i < 100_000; i++)
        {
            folder.Write($"shards/{i % 100:00}/part-{i:000000}.txt", "x");
        }

        var deep = string.Join('/', Enumerable.Repeat("d", 400));
        folder.Write($"{deep}/train.py", "import numpy as np\nnp.random.seed(0)\n");
        using var pack = new Pack(
            ("TEAM001", "check:\n  contains: { files: [\"**/train.py\"], pattern: 'seed' }"),
            ("TEAM002", "check:\n  contains: { files: [\"dump.bin\", \"big.csv\"], pattern: 'never-there' }"));

        var report = Report(Scan(folder.Path, "--no-history", "--rules", pack.Path));

        Outcome(report, "TEAM001").ShouldBe("pass");
        Evidence(Result(report, "TEAM001")).ShouldContain("d/d/d/");
        Outcome(report, "TEAM002").ShouldBe("fail");
        Evidence(Result(report, "TEAM002")).ShouldContain("dump.bin");
    }

    [Fact]
    public void OddFileNamesAndCommitMessages_SurviveEveryReportFormat()
    {
        using var repo = new GitRepo("names");
        string[] names =
        [
            "with space.py", "ünïcødé-数据.py", "new\nline.py", "quote\"and'apostrophe.py", "-rf.py", "--help.py",
            "[a]*?.py", "<img src=x onerror=alert(1)>.py", "pipe|table|.py",
        ];
        foreach (var name in names)
        {
            repo.Write(name, "print('hi')\n");
        }

        repo.WriteRandom("models/<b>big</b>.pt", 1_200_000).Commit("</script><script>alert(1)</script> | ## heading\n\n</details>");
        using var reports = new TempFolder("reports");
        string File(string name) => Path.Combine(reports.Path, name);

        var run = RepoAuditCli.Run("scan", repo.Path, "--quiet", "--report", $"json={File("a.json")}", "--report", $"sarif={File("a.sarif")}",
            "--report", $"html={File("a.html")}", "--report", $"markdown={File("a.md")}");

        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        var report = JsonDocument.Parse(System.IO.File.ReadAllText(File("a.json"))).RootElement;
        Evidence(Result(report, "DATA003")).ShouldContain("models/<b>big</b>.pt");
        SarifReportTests.Validate(File("a.sarif")).ShouldBeEmpty();
        var html = System.IO.File.ReadAllText(File("a.html"));
        html.ShouldNotContain("<b>big</b>");
        html.ShouldContain("&lt;b&gt;big&lt;/b&gt;");
        var markdown = System.IO.File.ReadAllText(File("a.md"));
        // In GitHub Markdown a code span shows HTML as text; anywhere else it would be live.
        markdown.Split('\n').Where(line => line.Contains("<b>big</b>", StringComparison.Ordinal))
            .ShouldAllBe(line => line.Contains("`models/<b>big</b>.pt`", StringComparison.Ordinal));
        markdown.Split('\n').Count(line => line.Trim() == "</details>").ShouldBe(markdown.Split('\n').Count(line => line.StartsWith("<details>", StringComparison.Ordinal)));
    }

    [Fact]
    public void BrokenNotebooks_AreAnErrorOnTheRuleThatReadsThem_NotACrash()
    {
        using var repo = new GitRepo("notebooks");
        repo.Write("broken.ipynb", "{\"cells\": [ {\"cell_type\": \"code\", \"sour").Commit("truncated notebook");

        var onlyBroken = Report(Scan(repo.Path));

        Outcome(onlyBroken, "REP004").ShouldBe("error");
        Evidence(Result(onlyBroken, "REP004")).ShouldContain("broken.ipynb");

        repo.Write("v3.ipynb", """{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 1", "outputs": [{"output_type": "pyout", "text": "1"}]}]}]}""")
            .Write("nokeys.ipynb", "{\"nbformat\": 4}")
            .Write("notjson.ipynb", "\u0000\u0001 binary junk")
            .Write("huge.ipynb", "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": 1, \"source\": \"print(1)\", \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"" + new string('z', 3_000_000) + "\"}]}]}")
            .Commit("more notebooks");

        var mixed = Report(Scan(repo.Path));

        Outcome(mixed, "REP004").ShouldBe("fail"); // a notebook with outputs fails the rule whatever the broken ones say
        var evidence = Evidence(Result(mixed, "REP004"));
        evidence.ShouldContain("v3.ipynb");
        evidence.ShouldContain("huge.ipynb");
    }

    [Fact]
    public void GitStates_EmptyDetachedWorktreeAndSubmodule_AllScan()
    {
        using var empty = new GitRepo("empty");
        empty.Write("train.py", "print(1)\n");
        Report(Scan(empty.Path)); // git init, no commit yet

        using var repo = new GitRepo("states");
        var first = repo.Write("README.md", "# x\n").Commit("one");
        repo.Write("train.py", "print(2)\n").Commit("two");
        repo.Git("checkout", "-q", "--detach", first);
        var detached = Report(Scan(repo.Path));
        Outcome(detached, "DATA003").ShouldBe("pass");

        repo.Git("checkout", "-q", "main");
        using var worktreeParent = new TempFolder("worktree");
        var worktree = Path.Combine(worktreeParent.Path, "wt");
        repo.Git("worktree", "add", "-q", worktree, first);
        Outcome(Report(Scan(worktree)), "DATA003").ShouldBe("pass");

        using var library = new GitRepo("library");
        library.Write("lib.py", "x = 1\n").Commit("lib");
        GitRepo.RunGit(repo.Path, ["-c", "protocol.file.allow=always", "submodule", "add", "-q", library.Path, "vendor/lib"]);
        repo.Commit("add submodule");
        Outcome(Report(Scan(repo.Path)), "DATA003").ShouldBe("pass");
    }

    [Fact]
    public void CorruptedObject_IsReportedByTheHistoryRules_AndTheRestOfTheScanWorks()
    {
        using var repo = new GitRepo("corrupt");
        repo.Write("README.md", "# x\n").Write("old.py", "API_KEY = 'nothing to see'\n").Commit("one");
        var blob = repo.Git("rev-parse", "HEAD:old.py").Trim();
        repo.Delete("old.py").Commit("two");
        File.Delete(Path.Combine(repo.Path, ".git", "objects", blob[..2], blob[2..]));

        var report = Report(Scan(repo.Path));

        Outcome(report, "SEC001").ShouldBeOneOf("unknown", "error");
        (Result(report, "SEC001").GetProperty("message").GetString() + Evidence(Result(report, "SEC001"))).ShouldContain("missing");
        Outcome(report, "DOC002").ShouldBe("fail"); // work-tree rules are unaffected
    }

    [Fact]
    public void PartialClone_HistoryRulesReportMissingBlobs_AndNothingIsFetched()
    {
        using var repo = new GitRepo("partial-source");
        repo.Write("README.md", "# x\n").WriteRandom("data/train.parquet", 1_500_000).Commit("data");
        repo.Delete("data/train.parquet").Commit("drop data");
        using var clone = repo.PartialClone();
        var objectsBefore = GitRepo.RunGit(clone.Path, ["count-objects", "-v"]);

        var report = Report(Scan(clone.Path));

        Outcome(report, "DATA003").ShouldBe("unknown");
        Result(report, "DATA003").GetProperty("message").GetString()!.ShouldContain("partial clone");
        Evidence(Result(report, "DATA003")).ShouldContain("data/train.parquet");
        Outcome(report, "SEC001").ShouldBe("pass"); // a missing parquet file is not where secrets hide
        GitRepo.RunGit(clone.Path, ["count-objects", "-v"]).ShouldBe(objectsBefore);
    }

    [Fact]
    public void PartialClone_MissingTextFile_LeavesSecretsUnknown_MissingBinaryDoesNot()
    {
        using var repo = new GitRepo("partial-text");
        repo.Write("README.md", "# x\n").WriteRandom("docs/diagram.png", 20_000).Write("settings.py", "DEBUG = True\n").Commit("init");
        repo.Delete("docs/diagram.png").Delete("settings.py").Commit("tidy");
        using var clone = repo.PartialClone();

        var sec001 = Result(Report(Scan(clone.Path)), "SEC001");

        sec001.GetProperty("outcome").GetString().ShouldBe("unknown");
        sec001.GetProperty("message").GetString()!.ShouldContain("1 blob");
        Evidence(sec001).ShouldContain("settings.py");
        Evidence(sec001).ShouldNotContain("diagram.png");
    }

    [Fact]
    public void LongHistory_IsBoundedByHistoryDepth()
    {
        using var repo = new GitRepo("depth");
        repo.Write("README.md", "# x\n").WriteRandom("models/old.pt", 1_500_000).Commit("old model");
        repo.Delete("models/old.pt").Commit("drop model");
        for (var i = 0; i < 30; i++)
        {
            repo.Write("notes.txt", $"note {i}\n").Commit($"note {i}");
        }

        Outcome(Report(Scan(repo.Path)), "DATA003").ShouldBe("fail");
        var bounded = Report(Scan(repo.Path, "--history-depth", "10"));
        Outcome(bounded, "DATA003").ShouldBe("pass");
        Result(bounded, "DATA003").GetProperty("message").GetString()!.ShouldContain("last 10 commits");
    }

    [Theory]
    [InlineData("--all")]
    [InlineData("-x")]
    [InlineData("HEAD; rm -rf /")]
    public void BaselineRefsThatLookLikeOptions_AreRefsNotOptions(string reference)
    {
        using var repo = new GitRepo("refs");
        repo.Write("README.md", "# x\n").Commit("one");

        var run = RepoAuditCli.Run("scan", repo.Path, $"--baseline={reference}");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldStartWith("repoaudit: ");
        run.Stderr.ShouldContain(reference);
    }

    [Fact]
    public void BranchWithAnOddName_WorksAsABaseline()
    {
        using var repo = new GitRepo("branch");
        repo.Write("README.md", "# x\n").Commit("one");
        repo.Git("branch", "feature/ünï-#1.x");

        Report(RepoAuditCli.Run("scan", repo.Path, "--baseline", "feature/ünï-#1.x", "--format", "json", "--quiet"))
            .GetProperty("baseline").GetProperty("ref").GetString().ShouldBe("feature/ünï-#1.x");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void ConcurrentScansOfAReadOnlyRepository_AgreeAndLeaveItExactlyAsItWas()
    {
        using var repo = new GitRepo("readonly");
        repo.Write("README.md", "# x\n").Write("train.py", "model.fit(X, y)\n").WriteRandom("data/blob.bin", 2_000_000).Commit("one");
        repo.Write("untracked.py", "x = 1\n");
        var before = State(repo.Path);
        SetReadOnly(repo.Path, true);
        try
        {
            var runs = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
                .Select(_ => RepoAuditCli.Run("scan", repo.Path, "--format", "json", "--quiet")).ToArray();

            var outcomes = runs.Select(run => string.Join(",", Report(run).GetProperty("results").EnumerateArray()
                .Select(r => $"{r.GetProperty("ruleId").GetString()}={r.GetProperty("outcome").GetString()}"))).Distinct().ToArray();
            outcomes.Length.ShouldBe(1);
        }
        finally
        {
            SetReadOnly(repo.Path, false);
        }

        State(repo.Path).ShouldBe(before);
        File.Exists(Path.Combine(repo.Path, ".git", "index.lock")).ShouldBeFalse();

        static string[] State(string root) => Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(root, f)} {File.GetLastWriteTimeUtc(f):O} {(File.Exists(f) ? new FileInfo(f).Length : -1)}")
            .Order(StringComparer.Ordinal).ToArray();
    }

    [UnsupportedOSPlatform("windows")]
    private static void SetReadOnly(string root, bool readOnly)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
            File.SetUnixFileMode(path, readOnly ? mode & ~write : mode | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("../**", "cannot reach outside")]
    [InlineData("/etc/passwd", "absolute path")]
    public void PackGlobsThatTryToLeaveTheRepository_StopTheScanWithFileLineAndColumn(string glob, string expected)
    {
        using var repo = new GitRepo("escape");
        repo.Write("README.md", "# x\n").Commit("one");
        using var pack = new Pack(("TEAM001", $"check:\n  exists: [\"{glob}\"]"));

        var run = RepoAuditCli.Run("scan", repo.Path, "--rules", pack.Path);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldMatch(@"rule\.yml:\d+:\d+: ");
        run.Stderr.ShouldContain(expected);
    }
}
