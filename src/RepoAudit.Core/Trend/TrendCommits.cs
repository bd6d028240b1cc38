using System.Globalization;
using RepoAudit.Core.Checks.Primitives;
using RepoAudit.Core.Git;

namespace RepoAudit.Core.Trend;

/// <summary>Which commits a trend audits: N evenly over first-parent history, those since a date, or the tags.</summary>
public sealed record TrendSelection
{
    public const int DefaultCommits = 20;

    /// <summary>How many points at most; the oldest and newest candidates are always among them.</summary>
    public int Commits { get; init; } = DefaultCommits;

    /// <summary>Only first-parent commits after this date.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>One point per tag reachable from the revision instead of first-parent commits.</summary>
    public bool Tags { get; init; }

    public string Revision { get; init; } = "HEAD";
}

/// <summary>A trend that cannot be drawn: no git, no commits, an unknown revision.</summary>
public sealed class TrendUnavailableException(string message) : Exception(message);

/// <summary>Chooses the commits of a trend, oldest first, and says what the user should know about the choice.</summary>
public static class TrendCommits
{
    public static IReadOnlyList<TrendCommit> Select(GitRepository git, TrendSelection selection, List<string> notes)
    {
        var head = git.ResolveCommit(selection.Revision)
            ?? throw new TrendUnavailableException(git.Info.Head is null
                ? "the repository has no commits yet, so there is no trend to draw"
                : $"the revision '{selection.Revision}' is not in this repository");
        var candidates = selection.Tags ? Tagged(git, head) : FirstParent(git, head, selection.Since);
        var kind = selection.Tags ? "tag" : "commit";
        if (candidates.Count == 0)
        {
            throw new TrendUnavailableException(selection.Tags
                ? $"no tag is reachable from {selection.Revision}; use --commits N or --since DATE instead"
                : $"no first-parent commit of {selection.Revision} is newer than {selection.Since:yyyy-MM-dd}");
        }

        if (git.Info.Shallow)
        {
            notes.Add($"This is a shallow clone: only {EvidenceList.Plural(candidates.Count, kind)} of the history are here, and history rules are unknown at every point. " +
                      "Deepen it with `git fetch --unshallow` (or `git fetch --deepen=N`); in GitHub Actions, check out with `fetch-depth: 0`.");
        }

        if (candidates.Count < selection.Commits && !selection.Tags && selection.Since is null)
        {
            notes.Add($"The first-parent history has only {EvidenceList.Plural(candidates.Count, "commit")}, so the trend has {candidates.Count} points instead of {selection.Commits}.");
        }
        else if (candidates.Count > selection.Commits)
        {
            notes.Add($"{EvidenceList.Plural(candidates.Count, kind)} {(selection.Tags ? "are reachable" : "are in range")}; {selection.Commits} evenly spaced ones are audited (--commits).");
        }

        return Sample(candidates, selection.Commits);
    }

    /// <summary>N items evenly spaced over the list, always keeping the first and the last.</summary>
    public static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count)
        {
            return items;
        }

        if (count == 1)
        {
            return [items[^1]];
        }

        return Enumerable.Range(0, count)
            .Select(i => (int)Math.Round(i * (items.Count - 1) / (double)(count - 1), MidpointRounding.AwayFromZero))
            .Distinct().Select(index => items[index]).ToArray();
    }

    private static List<TrendCommit> FirstParent(GitRepository git, string head, DateTimeOffset? since)
    {
        string[] range = since is { } date ? [$"--since={date.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"] : [];
        var log = git.Runner.Run(git.Folder, ["log", "--first-parent", "-z", "--format=%H%x1f%ct%x1f%s", .. range, head], stdin: null);
        if (!log.Ok)
        {
            throw new IOException($"git log failed: {log.Stderr.Trim()}");
        }

        var commits = log.Records().Select(Parse).ToList();
        commits.Reverse();
        return commits;
    }

    private static List<TrendCommit> Tagged(GitRepository git, string head)
    {
        var refs = git.Runner.Run(git.Folder, "for-each-ref", $"--merged={head}", "--format=%(refname:short)%1f%(objectname)%1f%(*objectname)", "refs/tags");
        if (!refs.Ok)
        {
            throw new IOException($"git for-each-ref failed: {refs.Stderr.Trim()}");
        }

        var tagOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in refs.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\x1f');
            if (fields.Length == 3)
            {
                // An annotated tag points at a tag object; its commit is the peeled (*) object.
                tagOf.TryAdd(fields[2].Length > 0 ? fields[2] : fields[1], fields[0]);
            }
        }

        if (tagOf.Count == 0)
        {
            return [];
        }

        var log = git.Runner.Run(git.Folder, ["log", "--no-walk", "-z", "--format=%H%x1f%ct%x1f%s", "--stdin"],
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', tagOf.Keys) + "\n"));
        if (!log.Ok)
        {
            throw new IOException($"git log failed: {log.Stderr.Trim()}");
        }

        return log.Records().Select(Parse).Select(commit => commit with { Tag = tagOf.GetValueOrDefault(commit.Sha) })
            .OrderBy(commit => commit.Date).ThenBy(commit => commit.Tag, StringComparer.Ordinal).ToList();
    }

    private static TrendCommit Parse(string record)
    {
        var fields = record.TrimStart('\n').Split('\x1f', 3);
        return new TrendCommit(fields[0], DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[1], CultureInfo.InvariantCulture)), fields.Length > 2 ? fields[2] : "");
    }
}
