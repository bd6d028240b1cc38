using System.Text;
using RepoAudit.Core.Git;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Git;

public sealed class GitHistoryTests
{
    private static GitRepository Open(string path) =>
        GitRepository.Discover(new GitRunner(), path, out var whyNot) ?? throw new InvalidOperationException(whyNot);

    [Fact]
    public void Blobs_IncludeFilesDeletedLater_WithProvenance()
    {
        using var repo = new GitRepo();
        repo.Write("README.md", "hi").Commit("init");
        var added = repo.WriteRandom("data/train.csv", 300_000).Commit("add data");
        var removed = repo.Delete("data/train.csv").Commit("remove data");

        var history = Open(repo.Path).History(depth: null);
        var blob = history.Blobs.Present.Single(b => b.Path == "data/train.csv");

        blob.Size.ShouldBe(300_000);
        history.Provenances([blob.Oid]).ShouldBe(new Dictionary<string, BlobProvenance> { [blob.Oid] = new(added, removed, "data/train.csv") });
    }

    [Fact]
    public void Inventory_AndLog_ShareOneStringPerBlobId()
    {
        using var repo = new GitRepo();
        repo.Write("a.py", "a = 1\n").Commit("init");
        var history = Open(repo.Path).History(depth: null);

        var inInventory = history.Blobs.Present.Single(b => b.Path == "a.py").Oid;
        var inLog = history.Commits.Single().Changes.Single().NewOid;

        inLog.ShouldBe(inInventory);
        ReferenceEquals(inLog, inInventory).ShouldBeTrue(); // at 200,000 blobs a second copy of each id is 20 MB
    }

    [Fact]
    public void Depth_LimitsTheCommitsRead()
    {
        using var repo = new GitRepo();
        repo.Write("old.txt", "old").Commit("one");
        repo.Delete("old.txt").Write("new.txt", "new").Commit("two");

        var history = Open(repo.Path).History(depth: 1);

        history.Blobs.Present.Select(b => b.Path).ShouldBe(["new.txt"]);
        history.Commits.Count.ShouldBe(1);
    }

    [Fact]
    public void SubFolder_SeesOnlyItsOwnHistoryWithRelativePaths()
    {
        using var repo = new GitRepo();
        repo.Write("other/big.bin", "x").Write("ml/model.py", "y").Commit("both");
        repo.Write("other/more.txt", "z").Commit("other only");

        var history = Open(Path.Combine(repo.Path, "ml")).History(null);

        history.Blobs.Present.Select(b => b.Path).ShouldBe(["model.py"]);
        history.Commits.Single().Subject.ShouldBe("both");
        history.Commits.Single().Changes.Single().Path.ShouldBe("model.py");
    }

    [Fact]
    public void ReadBlobs_StreamsContentsThroughOneProcess()
    {
        using var repo = new GitRepo();
        repo.Write("a.txt", "alpha").Write("b.txt", "beta").Commit("init");
        var history = Open(repo.Path).History(null);

        var blobs = history.Blobs.Present.ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        history.ReadBlobs(blobs.Select(b => b.Oid).ToArray(), (index, bytes) => seen[blobs[index].Path] = System.Text.Encoding.UTF8.GetString(bytes));

        seen.OrderBy(pair => pair.Key).ShouldBe([new("a.txt", "alpha"), new("b.txt", "beta")]);
    }

    [Fact]
    public void ReadBlobs_ManyBlobsInParallel_EachExactlyOnce_AndBinariesSkippedByTheirFirstBytes()
    {
        using var repo = new GitRepo();
        for (var i = 0; i < 40; i++)
        {
            repo.Write($"src/m{i}.py", $"value = {i}\n" + new string('#', i * 1000));
        }

        repo.Write("weights.txt", "\0\0binary despite its name").Commit("init");
        var history = Open(repo.Path).History(null);

        var blobs = history.Blobs.Present.ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string Path, string FirstLine)>();
        history.ReadBlobs(blobs.Select(b => b.Oid).ToArray(),
            (index, bytes) => seen.Add((blobs[index].Path, System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[0])), skipBinary: true);

        // Each answer is matched to the blob it was asked for, whatever thread visits it.
        seen.Order().ShouldBe(Enumerable.Range(0, 40).Select(i => ($"src/m{i}.py", $"value = {i}")).Order());
    }

    [Fact]
    public void ListTree_ListsFilesOfACommit_WithModesAndSizes()
    {
        using var repo = new GitRepo();
        var first = repo.Write("ml/a.py", "abc").Write("ml/rules/r.yml", "x: 1").Write("top.txt", "t").Commit("one");
        repo.Delete("ml/a.py").Commit("two");

        var git = Open(Path.Combine(repo.Path, "ml"));

        git.ListTree(first).Files.Select(e => (e.Path, e.Size)).ShouldBe([("a.py", 3L), ("rules/r.yml", 4L)]);
        git.ListTree(first, "rules").Files.Single().Path.ShouldBe("rules/r.yml");
    }

    [Fact]
    public void ListTree_ListsSubmodulesApartFromFiles()
    {
        using var repo = new GitRepo();
        var pinned = repo.Write("a.py", "abc").Commit("one");
        // A gitlink, as `git submodule add` records it; the pinned commit need not be in this repository.
        repo.Git("update-index", "--add", "--cacheinfo", $"160000,{pinned},vendor/agents");
        Directory.CreateDirectory(Path.Combine(repo.Path, "vendor", "agents")); // as a clone without its submodules has it
        var second = repo.Commit("pin agents");

        var tree = Open(repo.Path).ListTree(second);

        tree.Files.Select(e => e.Path).ShouldBe(["a.py"]);
        tree.Submodules.ShouldBe(["vendor/agents"]);
    }

    [Fact]
    public void Discover_ReportsShallowDetachedAndEmptyRepositories()
    {
        using var repo = new GitRepo();
        Open(repo.Path).Info.Head.ShouldBeNull(); // no commits yet
        repo.Write("a", "1").Commit("one");
        var second = repo.Write("a", "2").Commit("two");
        using var shallow = repo.ShallowClone();
        Open(shallow.Path).Info.Shallow.ShouldBeTrue();

        repo.Git("checkout", "-q", "--detach", second);
        var info = Open(repo.Path).Info;
        info.Branch.ShouldBeNull();
        info.Head.ShouldBe(second);
    }

    [Fact]
    public void PartialClone_ListsMissingBlobsWithoutFetchingThem()
    {
        using var repo = new GitRepo();
        repo.WriteRandom("old.bin", 50_000).Commit("one");
        repo.Delete("old.bin").Write("keep.txt", "k").Commit("two");
        using var partial = repo.PartialClone();

        var git = Open(partial.Path);
        var before = GitRepo.RunGit(partial.Path, ["count-objects", "-v"]);
        var blobs = git.History(null).Blobs;
        var after = GitRepo.RunGit(partial.Path, ["count-objects", "-v"]);

        git.Info.Partial.ShouldBeTrue();
        blobs.MissingOids.Count.ShouldBe(1);
        blobs.Present.Select(b => b.Path).ShouldContain("keep.txt");
        after.ShouldBe(before); // nothing was fetched
    }

    [Fact]
    public void NotARepository_SaysSo()
    {
        using var folder = new TempFolder("nogit");

        GitRepository.Discover(new GitRunner(), folder.Path, out var whyNot).ShouldBeNull();
        whyNot.ShouldBe("not a git repository");
    }

    [Fact]
    public void MissingGitExecutable_IsReportedNotThrown()
    {
        using var folder = new TempFolder("nogit");

        GitRepository.Discover(new GitRunner("/no/such/git"), folder.Path, out var whyNot).ShouldBeNull();
        whyNot.ShouldNotBeNull().ShouldContain("not installed");
    }

    [Fact]
    public void ParseLog_ReadsCommitsChangesAndMerges()
    {
        const string log = "\u001eaaa\u001fp1 p2\u001f1700000000\u001fMerge\0\n\u001ebbb\u001fp1\u001f1700000000\u001fadd x\0\n:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0ml/x.py\0:100644 100644 2222222222222222222222222222222222222222 3333333333333333333333333333333333333333 M\0other/y.py\0";

        var commits = GitHistory.ParseLog(Encoding.UTF8.GetBytes(log), "ml/");

        commits.Count.ShouldBe(2);
        commits[0].IsMerge.ShouldBeTrue();
        commits[1].Changes.ShouldBe([new HistoryChange("x.py", "0000000000000000000000000000000000000000", "1111111111111111111111111111111111111111", 'A')]);
    }

    private const string OidA = "1111111111111111111111111111111111111111";
    private const string OidB = "2222222222222222222222222222222222222222";
    private const string Zero = "0000000000000000000000000000000000000000";

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(part => part is byte[] bytes ? bytes : Encoding.UTF8.GetBytes((string)part)).ToArray();

    [Fact]
    public void ParseLog_TakesPathsByteForByte_SpacesQuotesLineBreaksAndTheHeaderMark()
    {
        // A path is whatever follows its change line, even one that starts like a header or with a line break.
        var log = Bytes(
            "\u001eccc\u001f\u001f1700000000\u001finit \"quoted\" \u001f with a unit separator\0\n",
            $":000000 100644 {Zero} {OidA} A\0ml/a b \"c\".py\0",
            $":000000 100644 {Zero} {OidB} A\0ml/\u001e odd\0",
            $":000000 100644 {Zero} {OidB} A\0\nml/not in ml\0",
            $":000000 100644 {Zero} {OidB} A\0ml/line\nbreak\0");

        var commit = GitHistory.ParseLog(log, "ml/").ShouldHaveSingleItem();

        commit.ParentCount.ShouldBe(0);
        commit.Subject.ShouldBe("init \"quoted\" \u001f with a unit separator");
        commit.Date.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1700000000));
        commit.Changes.Select(c => c.Path).ShouldBe(["a b \"c\".py", "\u001e odd", "line\nbreak"]);
    }

    [Fact]
    public void ParseLog_NonUtf8BytesBecomeReplacementCharacters_LikeEveryOtherPathRead()
    {
        var log = Bytes("\u001eddd\u001fp1\u001f1700000000\u001fcaf", new byte[] { 0xE9 }, "\0\n",
            $":100644 100644 {OidA} {OidB} M\0caf", new byte[] { 0xE9, 0x2E, 0x70, 0x79 }, "\0");

        var commit = GitHistory.ParseLog(log, "").ShouldHaveSingleItem();

        commit.Subject.ShouldBe("caf\uFFFD");
        commit.Changes.ShouldBe([new HistoryChange("caf\uFFFD.py", OidA, OidB, 'M')]);
    }

    [Fact]
    public void ParseLog_TokensAcrossReadBuffers_AndMergesWithoutChanges()
    {
        // Far more than one 64 KiB read: tokens straddle reads, and a subject longer than the buffer makes it grow.
        var longSubject = new string('s', 200_000);
        var parts = new List<object> { $"\u001eeee\u001fp1 p2 p3\u001f1700000000\u001f{longSubject}\0\n" };
        parts.Add("\u001efff\u001fp1\u001f1700000001\u001fmany\0\n");
        for (var i = 0; i < 5_000; i++)
        {
            parts.Add($":000000 100644 {Zero} {i:x40} A\0dir with space/file {i}.py\0");
        }

        var commits = GitHistory.ParseLog(Bytes([.. parts]), "");

        commits.Count.ShouldBe(2);
        commits[0].ParentCount.ShouldBe(3);
        commits[0].Subject.ShouldBe(longSubject);
        commits[0].Changes.ShouldBeEmpty();
        commits[1].Changes.Count.ShouldBe(5_000);
        commits[1].Changes[4_999].ShouldBe(new HistoryChange("dir with space/file 4999.py", Zero, 4_999.ToString("x40"), 'A'));
    }

    [Fact]
    public void Commits_FromRealGit_KeepOddPathsAndRenamesAsDeletePlusAdd()
    {
        using var repo = new GitRepo();
        repo.Write("a b/\"x\".py", "1").Write("keep.py", "k").Commit("one");
        repo.Git("mv", "a b/\"x\".py", "a b/y z.py");
        repo.Commit("rename");

        var commits = Open(repo.Path).History(null).Commits;

        commits.Count.ShouldBe(2);
        commits[0].Subject.ShouldBe("rename");
        commits[0].Changes.Select(c => (c.Path, c.Status)).Order().ShouldBe([("a b/\"x\".py", 'D'), ("a b/y z.py", 'A')]);
        commits[1].Changes.Select(c => c.Path).Order().ShouldBe(["a b/\"x\".py", "keep.py"]);
    }

    [Fact]
    public void Commits_FromRealGit_MergeCommitsCountTheirParents()
    {
        using var repo = new GitRepo();
        repo.Write("a.py", "1").Commit("one");
        repo.Git("checkout", "-q", "-b", "side");
        repo.Write("b.py", "2").Commit("side work");
        repo.Git("checkout", "-q", "main");
        repo.Write("c.py", "3").Commit("main work");
        repo.Git("merge", "-q", "--no-ff", "-m", "merge side", "side");

        var commits = Open(repo.Path).History(null).Commits;

        var merge = commits.Single(c => c.Subject == "merge side");
        merge.IsMerge.ShouldBeTrue();
        merge.ParentCount.ShouldBe(2);
        commits.Where(c => c != merge).ShouldAllBe(c => !c.IsMerge && c.Changes.Count == 1);
    }
}
