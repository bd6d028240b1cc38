using RepoAudit.Core.Checks;
using RepoAudit.Core.Git;
using RepoAudit.Tests.Support;
using static RepoAudit.Tests.Support.TestRules;

namespace RepoAudit.Tests.Checks;

public sealed class LinksCheckTests
{
    private const string OwnWeights = """
        links: { files: ["**/*.py", "**/*.toml"], own: true, pattern: '^https://(huggingface\.co|github\.com)/' }
        """;

    private static CheckResult Scan(string origin, params (string Path, string Content)[] files)
    {
        using var repo = new GitRepo();
        foreach (var (path, content) in files)
        {
            repo.Write(path, content);
        }

        repo.Commit("tree");
        if (origin.Length > 0)
        {
            repo.Git("remote", "add", "origin", origin);
        }

        return EvaluateIn(repo.Path, OwnWeights);
    }

    [Theory]
    [InlineData("https://github.com/acme/depth.git", "W = 'https://huggingface.co/acme/depth-large/resolve/main/model.safetensors'\n")]
    [InlineData("git@github.com:Acme/depth.git", "W = \"https://github.com/acme/depth/releases/download/v1/depth.pth\"\n")]
    [InlineData("https://token@gitlab.com/acme/depth", "hf_hub_download(url=f\"https://huggingface.co/datasets/acme/scans/{name}\")\n")]
    public void Own_LinksUnderTheOriginsOwner_InAStringLiteral_Hold(string origin, string code)
    {
        var result = Scan(origin, ("load.py", code));
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence[0].Path.ShouldBe("load.py");
        result.Evidence[0].Line.ShouldBe(1);
    }

    [Theory]
    // another account's weights; the owner's name as a longer account or as a later segment; a link in a comment; a
    // Hub section under another account
    [InlineData("W = 'https://huggingface.co/otherlab/depth/resolve/main/model.pt'\n")]
    [InlineData("W = 'https://huggingface.co/acme-labs/depth/resolve/main/model.pt'\n")]
    [InlineData("W = 'https://github.com/otherlab/acme/releases/download/v1/acme.pth'\n")]
    [InlineData("# adapted from https://github.com/acme/depth/blob/main/model.py\nW = 1\n")]
    [InlineData("W = 'https://huggingface.co/spaces/otherlab/acme'\n")]
    public void Own_OtherAccountsAndComments_DoNotHold(string code) =>
        Scan("https://github.com/acme/depth", ("load.py", code)).Verdict.ShouldBe(Verdict.DoesNotHold);

    [Fact]
    public void Own_ReadsConfigurationFilesWhole()
    {
        var toml = "[resnet18]\nurl = \"https://github.com/acme/depth/releases/download/v1/resnet18.tar.gz\"\n";
        Scan("https://github.com/acme/depth", ("Artifacts.toml", toml)).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Own_WithoutAnOriginRemote_NothingIsTheProjectsOwn_AndTheSummarySaysSo()
    {
        var result = Scan("", ("load.py", "W = 'https://huggingface.co/acme/depth/resolve/main/model.pt'\n"));
        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain("no origin remote");
    }

    [Fact]
    public void WithoutOwn_AnyAccountsLinkMatchingThePatternHolds() =>
        Evaluate("links: { files: ['**/*.py'], pattern: '/releases/download/.*\\.pth$' }",
                ("load.py", "W = 'https://github.com/otherlab/depth/releases/download/v1/depth.pth'\n"))
            .Verdict.ShouldBe(Verdict.Holds);

    [Theory]
    [InlineData("https://github.com/acme/depth.git", "github.com", "acme/depth", "acme")]
    [InlineData("git@gitlab.example.org:group/sub/project.git", "gitlab.example.org", "group/sub/project", "group")]
    [InlineData("ssh://git@GitHub.com:22/Acme/depth", "github.com", "Acme/depth", "Acme")]
    public void GitRemote_ReadsHostPathAndOwner(string url, string host, string path, string owner)
    {
        var remote = GitRemote.Parse(url).ShouldNotBeNull();
        (remote.Host, remote.Path, remote.Owner).ShouldBe((host, path, owner));
    }

    [Theory]
    [InlineData("/srv/git/depth.git")]
    [InlineData("https://github.com/")]
    [InlineData(null)]
    public void GitRemote_ThatNamesNoRepository_IsNull(string? url) => GitRemote.Parse(url).ShouldBeNull();

    [Fact]
    public void GitRepository_KnowsItsOriginsAddress()
    {
        using var repo = new GitRepo();
        repo.Write("a.txt", "a").Commit("a");
        repo.Git("remote", "add", "origin", "https://github.com/acme/depth.git");
        repo.Git("remote", "add", "upstream", "https://github.com/other/depth.git");
        GitRepository.Discover(new GitRunner(), repo.Path, out _).ShouldNotBeNull().Info.OriginUrl.ShouldBe("https://github.com/acme/depth.git");
    }
}
