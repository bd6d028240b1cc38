using System.Text.RegularExpressions;

namespace RepoAudit.Core.Trend;

/// <summary>Commit links on GitHub and GitLab, derived from a remote URL (never with the credentials it may carry).</summary>
public static partial class ForgeUrl
{
    /// <summary>"https://github.com/o/r/commit/" for a GitHub remote, ".../-/commit/" for GitLab, else null.</summary>
    public static string? CommitPrefix(string? remote)
    {
        if (remote is null || Remote().Match(remote.Trim()) is not { Success: true } match)
        {
            return null;
        }

        var host = match.Groups["host"].Value.ToLowerInvariant();
        var path = match.Groups["path"].Value;
        path = path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path;
        return host switch
        {
            "github.com" => $"https://{host}/{path}/commit/",
            _ when host == "gitlab.com" || host.StartsWith("gitlab.", StringComparison.Ordinal) => $"https://{host}/{path}/-/commit/",
            _ => null,
        };
    }

    [GeneratedRegex("""
        (?x)^
        (?: (?:https?|ssh|git)://(?:[^@/]+@)?(?<host>[A-Za-z0-9.-]+)(?::\d+)?/   # https://[user:token@]host[:port]/
          | [A-Za-z0-9._-]+@(?<host>[A-Za-z0-9.-]+):                          # scp-like git@host:
        )
        (?<path>[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)                        # owner/name[.git] (GitLab: groups/sub/name)
        /?$
        """)]
    private static partial Regex Remote();
}
