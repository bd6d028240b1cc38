using RepoAudit.Core.Snapshot;

namespace RepoAudit.Tests.Snapshot;

public sealed class GitignoreTests
{
    private static Gitignore Rules(string text, string folder = "")
    {
        var gitignore = new Gitignore();
        gitignore.Add(folder, text);
        return gitignore;
    }

    [Theory]
    [InlineData("data/", "data", true, true)]
    [InlineData("data/", "data", false, false)]
    [InlineData("data/", "src/data", true, true)]
    [InlineData("/data/", "src/data", true, false)]
    [InlineData("*.ckpt", "runs/a/last.ckpt", false, true)]
    [InlineData("models/*.pt", "models/a.pt", false, true)]
    [InlineData("models/*.pt", "x/models/a.pt", false, false)]
    [InlineData("**/logs", "a/b/logs", true, true)]
    [InlineData("a/**/b", "a/x/y/b", false, true)]
    [InlineData("a/**/b", "a/b", false, true)]
    [InlineData("outputs/**", "outputs/2024-01-01/x.log", false, true)]
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("[Dd]ata/", "Data", true, true)]
    [InlineData("# comment", "# comment", false, false)]
    [InlineData("\\#hash", "#hash", false, true)]
    public void Pattern_MatchesLikeGit(string pattern, string path, bool isFolder, bool ignored)
    {
        Rules(pattern).IsIgnored(path, isFolder).ShouldBe(ignored);
    }

    [Fact]
    public void Negation_ReincludesAFile()
    {
        var rules = Rules(".env*\n!.env.example\n");

        rules.IsIgnored(".env", false).ShouldBeTrue();
        rules.IsIgnored(".env.local", false).ShouldBeTrue();
        rules.IsIgnored(".env.example", false).ShouldBeFalse();
    }

    [Fact]
    public void FileInsideIgnoredFolder_CannotBeReincluded()
    {
        var rules = Rules("data/\n!data/keep.csv\n");

        rules.IsIgnored("data/keep.csv", false).ShouldBeTrue();
    }

    [Fact]
    public void NestedGitignore_AppliesBelowItsFolder()
    {
        var rules = Rules("*.csv\n", "project");

        rules.IsIgnored("project/data/a.csv", false).ShouldBeTrue();
        rules.IsIgnored("other/a.csv", false).ShouldBeFalse();
    }

    [Fact]
    public void DecidingLine_IsReportedForEvidence()
    {
        Rules("# artefacts\nmlruns/\n").DecidingLine("mlruns", isFolder: true).ShouldBe("mlruns/");
    }
}
