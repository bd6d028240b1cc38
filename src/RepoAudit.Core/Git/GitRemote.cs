using System.Text.RegularExpressions;

namespace RepoAudit.Core.Git;

/// <summary>
/// A remote's address read as a host and a repository path (owner/name, or a GitLab group path), never with the
/// credentials it may carry. Trend links commits through it, and checks tell the project's own links by its owner.
/// </summary>
public sealed partial record GitRemote(string Host, string Path)
{
    /// <summary>The namespace the repository lives under: the path's first segment (a GitHub user or organisation).</summary>
    public string Owner => Path.Split('/')[0];

    /// <summary>The remote at <paramref name="url"/>, or null when it is not an http(s), ssh, git or scp-like address of a repository.</summary>
    public static GitRemote? Parse(string? url)
    {
        if (url is null || Address().Match(url.Trim()) is not { Success: true } match)
        {
            return null;
        }

        var path = match.Groups["path"].Value;
        return new GitRemote(match.Groups["host"].Value.ToLowerInvariant(), path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path);
    }

    [GeneratedRegex("""
        (?x)^
        (?: (?:https?|ssh|git)://(?:[^@/]+@)?(?<host>[A-Za-z0-9.-]+)(?::\d+)?/   # https://[user:token@]host[:port]/
          | [A-Za-z0-9._-]+@(?<host>[A-Za-z0-9.-]+):                          # scp-like git@host:
        )
        (?<path>[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)                        # owner/name[.git] (GitLab: groups/sub/name)
        /?$
        """)]
    private static partial Regex Address();
}
