using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `links: { files, pattern, own, exclude, min_files }` holds when at least min_files of the files name a web address
/// matching the pattern: in a code file, inside a string literal (a link in a comment cites, it does not fetch); in
/// any other file, anywhere. With `own: true` only addresses under the project's own namespace count: on a host whose
/// first path segment is an account (GitHub, GitLab, Bitbucket, the Hugging Face Hub), that account is the owner of
/// the repository's `origin` remote. That is how a project's own releases are told apart from the models and data
/// it downloads from others; without an origin remote nothing is the project's own.
/// </summary>
public sealed partial class LinksCheck(FileScope scope, RulePattern pattern, bool own) : ICheck
{
    /// <summary>Hosts whose first path segment names an account (on the Hub, after a `datasets/`, `spaces/` or `models/` section).</summary>
    private static readonly HashSet<string> AccountHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "github.com", "raw.githubusercontent.com", "gist.github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "hf.co",
    };

    private static readonly HashSet<string> HubSections = new(StringComparer.Ordinal) { "datasets", "spaces", "models" };

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "links", [.. FileScope.ArgumentNames, "pattern", "own"], ["files", "pattern"]);
        return new LinksCheck(
            FileScope.Read(reader, args, "links"),
            reader.Regex(args["pattern"].Value, "'links.pattern'"),
            args.TryGetValue("own", out var own) && reader.Boolean(own.Value, "'links.own'"));
    }

    public CheckResult Evaluate(CheckContext context)
    {
        string? owner = null;
        if (own && (owner = GitRemote.Parse(context.Snapshot.Git?.Info.OriginUrl)?.Owner) is null)
        {
            return CheckResult.Fails("the repository has no origin remote that names its owner, so none of its links can be told to be its own");
        }

        return scope.Search(context, this, own ? $"no link under {owner}/" : "no matching link", path => Search(context.Snapshot, path, owner));
    }

    private (Evidence?, string?) Search(RepositorySnapshot snapshot, string path, string? owner)
    {
        // The raw text first: a file with no matching address anywhere is not tokenized to find its string literals.
        if (snapshot.SearchableText(path, out var unreadable) is not { } segments)
        {
            return (null, unreadable);
        }

        if (!segments.Any(segment => FirstAddress(segment.Text, owner) is not null))
        {
            return (null, null);
        }

        if (ContainsCheck.Texts(snapshot, path, CodeRegion.Strings, out var problem) is not { } texts)
        {
            return (null, problem);
        }

        foreach (var (searched, _, cell) in texts)
        {
            if (FirstAddress(searched, owner) is { } url)
            {
                return (FileScope.At(path, cell, Patterns.LineAt(searched, url.Index), url.Value), null);
            }
        }

        return (null, null);
    }

    /// <summary>The first address in the text that matches the pattern (and is under the owner's account, when asked).</summary>
    private Match? FirstAddress(string text, string? owner)
    {
        if (owner is not null && !text.Contains(owner, StringComparison.OrdinalIgnoreCase))
        {
            return null; // no address in it can be under the owner's account
        }

        for (var url = Url().Match(text); url.Success; url = url.NextMatch())
        {
            if ((owner is null || IsUnder(url.Value, owner)) && pattern.Match(url.Value).Success)
            {
                return url;
            }
        }

        return null;
    }

    /// <summary>Is the address on an account host, under <paramref name="owner"/>'s account?</summary>
    internal static bool IsUnder(string url, string owner)
    {
        // read by hand rather than through Uri: a file may hold a great many addresses, and most are someone else's
        var rest = url.AsSpan(url.IndexOf("://", StringComparison.Ordinal) + 3);
        var hostEnd = rest.IndexOfAny('/', ':');
        var host = hostEnd > 0 ? rest[..hostEnd] : [];
        if (host.IsEmpty || !AccountHosts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(host))
        {
            return false;
        }

        var onHub = host.Equals("huggingface.co", StringComparison.OrdinalIgnoreCase) || host.Equals("hf.co", StringComparison.OrdinalIgnoreCase);
        var path = rest[(rest.IndexOf('/') + 1)..];
        var account = Segment(ref path);
        if (onHub && HubSections.GetAlternateLookup<ReadOnlySpan<char>>().Contains(account) && !path.IsEmpty)
        {
            account = Segment(ref path);
        }

        return account.Equals(owner, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The path's first segment, and the path after it.</summary>
    private static ReadOnlySpan<char> Segment(ref ReadOnlySpan<char> path)
    {
        var slash = path.IndexOf('/');
        var segment = slash < 0 ? path : path[..slash];
        path = slash < 0 ? [] : path[(slash + 1)..];
        return segment;
    }

    // An address as written in text: it ends at a space, a quote, a bracket or a backslash (a string's escape).
    [GeneratedRegex("""https?://[A-Za-z0-9.-]+(?::\d+)?/[^\s"'`<>()\[\]{}\\]*""")]
    private static partial Regex Url();
}
