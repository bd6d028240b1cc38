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
    [InlineData("outputs/**", "outputs", true, false)]
    [InlineData("**", "anything/at/all", false, true)]
    [InlineData("a/**/**/**/b", "a/b", false, true)]
    [InlineData("a/**/**/**/b", "a/x/y/z/w/b", false, true)]
    [InlineData("a/**/**/**/b", "a/x/y/c", false, false)]
    [InlineData("run[0-9].log", "run7.log", false, true)]
    [InlineData("run[!0-9].log", "run7.log", false, false)]
    [InlineData("run[^0-9].log", "runx.log", false, true)]
    [InlineData("run[[:digit:]].log", "run7.log", false, true)]
    [InlineData("[]]x", "]x", false, true)]
    [InlineData("a\\*b", "a*b", false, true)]
    [InlineData("a\\*b", "axb", false, false)]
    [InlineData("*.py*", "x.python", false, true)]
    [InlineData("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false)]
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

    [Theory]
    [InlineData("[z-a]", "range z-a is in reverse order")]
    [InlineData("data[", "'[' is never closed")]
    [InlineData("x[[:nope:]]", "unknown character class [:nope:]")]
    public void UnusablePattern_IsSkippedAndListed(string pattern, string reason)
    {
        var rules = Rules($"*.log\n{pattern}\n", "sub");

        rules.IsIgnored("sub/z", false).ShouldBeFalse();
        rules.IsIgnored("sub/a.log", false).ShouldBeTrue();
        var skipped = rules.SkippedPatterns.ShouldHaveSingleItem();
        skipped.ShouldBe(new Gitignore.SkippedPattern("sub/.gitignore", 2, pattern, skipped.Reason));
        skipped.Reason.ShouldContain(reason);
    }

    [Fact]
    public void OverlongLine_IsSkipped()
    {
        var rules = Rules(new string('a', GitignorePattern.MaxLength + 1));

        rules.IsIgnored("a", false).ShouldBeFalse();
        rules.SkippedPatterns.ShouldHaveSingleItem().Reason.ShouldContain("longer than");
    }

    [Fact]
    public void ManyGlobstars_OnADeepPath_MatchWithoutBacktracking()
    {
        var rules = Rules(string.Concat(Enumerable.Repeat("**/", 30)) + "model.pt\n");
        var deep = string.Join('/', Enumerable.Range(1, 200).Select(i => $"d{i}"));

        rules.IsIgnored(deep + "/model.pt", false).ShouldBeTrue();
        rules.IsIgnored(deep + "/train.py", false).ShouldBeFalse();
    }
}
