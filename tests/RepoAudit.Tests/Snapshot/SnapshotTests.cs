using System.Text;
using RepoAudit.Core.Snapshot;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Snapshot;

public sealed class SnapshotTests
{
    private static RepositorySnapshot Plain(string path, params string[] exclude) =>
        RepositorySnapshot.FromWorkTree(path, new SnapshotOptions { Git = null, Exclude = exclude });

    [Fact]
    public void PlainFolder_HonoursGitignoreAndSkipsDotGit()
    {
        using var folder = new TempFolder("plain");
        folder.Write(".gitignore", "data/\n*.log\n");
        folder.Write("data/big.csv", "x");
        folder.Write("train.log", "x");
        folder.Write("src/train.py", "x");
        folder.Write(".git/config", "[core]");
        folder.Write("sub/.gitignore", "secret.txt\n");
        folder.Write("sub/secret.txt", "x");

        var snapshot = Plain(folder.Path);

        snapshot.Files.ShouldBe([".gitignore", "src/train.py", "sub/.gitignore"]);
        snapshot.Git.ShouldBeNull();
    }

    [Fact]
    public void LargeTexts_AreKeptOnlyUpToTheBudget_AndTheRestAreReadAgain()
    {
        using var folder = new TempFolder("large");
        var size = RepositorySnapshot.LargeText + 10;
        foreach (var name in new[] { "a.json", "b.json", "c.json", "d.json" })
        {
            folder.Write(name, new string('x', size));
        }

        folder.Write("small.py", "import torch\n");
        var snapshot = Plain(folder.Path);
        snapshot.LargeTextBudget = 2L * size + 5;
        foreach (var file in snapshot.Files)
        {
            snapshot.Read(file).Text!.Length.ShouldBeGreaterThan(0);
        }

        snapshot.LargeTextsHeld.ShouldBe(2L * size);

        // The first two large texts (and every small one) are kept: a change on disk is not seen. The others were let
        // go, so asking again reads the file again.
        folder.Write("a.json", "changed");
        folder.Write("d.json", "changed");
        folder.Write("small.py", "changed");
        snapshot.Read("a.json").Text!.Length.ShouldBe(size);
        snapshot.Read("small.py").Text.ShouldBe("import torch\n");
        snapshot.Read("d.json").Text.ShouldBe("changed");

        snapshot.ReleaseContents();
        snapshot.LargeTextsHeld.ShouldBe(0);
    }

    [Fact]
    public void ExcludeGlobs_RemoveFiles()
    {
        using var folder = new TempFolder("excl");
        folder.Write("vendor/lib.py", "x");
        folder.Write("src/a.py", "x");

        Plain(folder.Path, "vendor/**").Files.ShouldBe(["src/a.py"]);
    }

    [Fact]
    public void SymlinkOutsideTheRepository_IsListedButNeverRead()
    {
        using var outside = new TempFolder("outside");
        using var folder = new TempFolder("links");
        var secret = outside.Write("secret.txt", "TOP SECRET");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "leak.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "outdir"), outside.Path);
        folder.Write("inside.txt", "fine");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "alias.txt"), Path.Combine(folder.Path, "inside.txt"));

        var snapshot = Plain(folder.Path);

        snapshot.Read("leak.txt").Status.ShouldBe(ContentStatus.OutsideRepository);
        snapshot.Read("leak.txt").Text.ShouldBeNull();
        snapshot.Files.ShouldNotContain(file => file.StartsWith("outdir/", StringComparison.Ordinal));
        snapshot.Read("alias.txt").Text.ShouldBe("fine");
        snapshot.Skipped.Select(s => s.Path).ShouldContain("leak.txt");
        snapshot.Skipped.Select(s => s.Path).ShouldContain("outdir");
    }

    [Fact]
    public void Contents_AreDecodedByBomAndBinariesDetected()
    {
        FileContent.Decode("a", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("héllo")).ToArray(), 12).Text.ShouldBe("héllo");
        FileContent.Decode("a", [0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i'], 5).Text.ShouldBe("hi");
        FileContent.Decode("a", [(byte)'h', 0, (byte)'i'], 3).Status.ShouldBe(ContentStatus.Binary);
        FileContent.Decode("a", [0xC3, 0x28, (byte)'x'], 3).Text.ShouldBe("\uFFFD(x");
    }

    [Fact]
    public void LargeFiles_AreNotRead()
    {
        using var folder = new TempFolder("large");
        folder.Write("big.txt", new string('x', 5000));

        var snapshot = RepositorySnapshot.FromWorkTree(folder.Path, new SnapshotOptions { Git = null, MaxFileSize = 1000 });

        snapshot.Read("big.txt").Status.ShouldBe(ContentStatus.TooLarge);
        snapshot.Read("big.txt").Describe().ShouldContain("over the size cap");
    }

    [Fact]
    public void GitRepository_ListsTrackedAndUntrackedButNotIgnored()
    {
        using var repo = new GitRepo();
        repo.Write(".gitignore", "*.log\n").Write("tracked.py", "x").Commit("init");
        repo.Write("new.py", "x").Write("debug.log", "x");

        var snapshot = RepositorySnapshot.FromWorkTree(repo.Path, new SnapshotOptions());

        snapshot.Files.ShouldBe([".gitignore", "new.py", "tracked.py"]);
        snapshot.IsTracked("tracked.py").ShouldBeTrue();
        snapshot.IsTracked("new.py").ShouldBeFalse();
        snapshot.Git!.Info.Dirty.ShouldBeTrue();
    }

    [Fact]
    public void DeepFolders_DoNotOverflowTheStack()
    {
        using var folder = new TempFolder("deep");
        var path = string.Join('/', Enumerable.Range(0, 300).Select(i => "d"));
        folder.Write(path + "/leaf.txt", "x");

        Plain(folder.Path).Files.Single().ShouldEndWith("/leaf.txt");
    }
}
