using RepoAudit.Core.Git;

namespace RepoAudit.Core.Trend;

/// <summary>Commit links on GitHub and GitLab, derived from a remote URL (never with the credentials it may carry).</summary>
public static class ForgeUrl
{
    /// <summary>"https://github.com/o/r/commit/" for a GitHub remote, ".../-/commit/" for GitLab, else null.</summary>
    public static string? CommitPrefix(string? remote) => GitRemote.Parse(remote) switch
    {
        { Host: "github.com" } github => $"https://{github.Host}/{github.Path}/commit/",
        { } gitlab when gitlab.Host == "gitlab.com" || gitlab.Host.StartsWith("gitlab.", StringComparison.Ordinal) => $"https://{gitlab.Host}/{gitlab.Path}/-/commit/",
        _ => null,
    };
}
