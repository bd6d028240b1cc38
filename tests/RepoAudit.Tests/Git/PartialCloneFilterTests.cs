using RepoAudit.Core.Git;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Git;

/// <summary>What a partial clone's filter tells about the blobs it lacks.</summary>
public sealed class PartialCloneFilterTests
{
    [Theory]
    [InlineData("remote.origin.partialclonefilter blob:limit=4m", 4L << 20)]
    [InlineData("remote.origin.partialclonefilter blob:limit=512k", 512L << 10)]
    [InlineData("remote.origin.partialclonefilter blob:limit=1G", 1L << 30)]
    [InlineData("remote.origin.partialclonefilter blob:limit=1000", 1000L)]
    [InlineData("remote.origin.partialclonefilter blob:limit=4m\nremote.backup.partialclonefilter blob:limit=1m", 1L << 20)]
    public void BlobLimit_ReadsTheLeastLimitOfEveryRemote(string config, long expected) =>
        GitRepository.BlobLimit(config).ShouldBe(expected);

    [Theory]
    [InlineData("remote.origin.partialclonefilter blob:none")]
    [InlineData("remote.origin.partialclonefilter tree:0")]
    [InlineData("remote.origin.partialclonefilter combine:blob:limit=1m+tree:0")]
    [InlineData("remote.origin.partialclonefilter blob:limit=4m\nremote.backup.partialclonefilter blob:none")]
    [InlineData("remote.origin.partialclonefilter blob:limit=")]
    [InlineData("remote.origin.partialclonefilter blob:limit=-5m")]
    [InlineData("remote.origin.partialclonefilter blob:limit=99999999999999999999g")]
    [InlineData("remote.origin.partialclonefilter blob:limit=4x")]
    public void BlobLimit_IsUnknownForAnyOtherFilter(string config) =>
        GitRepository.BlobLimit(config).ShouldBeNull();

    [Fact]
    public void Discover_KnowsTheLimitOfABlobLimitClone_AndNoneOfABlobNoneClone()
    {
        using var repo = new GitRepo();
        repo.Write("README.md", "hi").Commit("init");
        using var limited = repo.PartialClone("blob:limit=2m");
        using var bare = repo.PartialClone();

        Discover(limited.Path).PartialBlobLimit.ShouldBe(2L << 20);
        Discover(bare.Path).PartialBlobLimit.ShouldBeNull();
        Discover(repo.Path).PartialBlobLimit.ShouldBeNull();
    }

    private static GitRepositoryInfo Discover(string path) =>
        (GitRepository.Discover(new GitRunner(), path, out var whyNot) ?? throw new InvalidOperationException(whyNot)).Info;
}
