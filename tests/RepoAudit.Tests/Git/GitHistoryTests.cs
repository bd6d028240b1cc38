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
        history.Provenance(blob.Oid).ShouldBe(new BlobProvenance(added, removed, "data/train.csv"));
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

        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        history.ReadBlobs(history.Blobs.Present.Select(b => b.Oid).ToArray(), (oid, bytes) => seen[oid] = System.Text.Encoding.UTF8.GetString(bytes));

        seen.Values.Order().ShouldBe(["alpha", "beta"]);
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

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        history.ReadBlobs(history.Blobs.Present.Select(b => b.Oid).ToArray(),
            (_, bytes) => seen.Add(System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[0]), skipBinary: true);

        seen.Order().ShouldBe(Enumerable.Range(0, 40).Select(i => $"value = {i}").Order());
    }

    [Fact]
    public void ListTree_ListsFilesOfACommit_WithModesAndSizes()
    {
        using var repo = new GitRepo();
        var first = repo.Write("ml/a.py", "abc").Write("ml/rules/r.yml", "x: 1").Write("top.txt", "t").Commit("one");
        repo.Delete("ml/a.py").Commit("two");

        var git = Open(Path.Combine(repo.Path, "ml"));

        git.ListTree(first).Select(e => (e.Path, e.Size)).ShouldBe([("a.py", 3L), ("rules/r.yml", 4L)]);
        git.ListTree(first, "rules").Single().Path.ShouldBe("rules/r.yml");
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

        var commits = GitHistory.ParseLog(log, "ml/");

        commits.Count.ShouldBe(2);
        commits[0].IsMerge.ShouldBeTrue();
        commits[1].Changes.ShouldBe([new HistoryChange("x.py", "0000000000000000000000000000000000000000", "1111111111111111111111111111111111111111", 'A')]);
    }
}
