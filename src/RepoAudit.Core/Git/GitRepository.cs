using System.Globalization;
using System.Runtime.ExceptionServices;

namespace RepoAudit.Core.Git;

/// <summary>
/// What git says about the repository around the audited folder. <paramref name="PartialBlobLimit"/> is the size from
/// which a `--filter=blob:limit=N` partial clone leaves blobs out (null for any other clone or filter): a blob such a
/// clone lacks is known to be at least that large. <paramref name="OriginUrl"/> is the `origin` remote's address, as
/// configured (null without one).
/// </summary>
public sealed record GitRepositoryInfo(
    string TopLevel,
    string Prefix,
    string? Head,
    string? Branch,
    bool Shallow,
    bool Partial,
    bool Dirty,
    long? PartialBlobLimit = null,
    string? OriginUrl = null);

/// <summary>A file git lists under the audited folder.</summary>
public sealed record GitListedFile(string Path, bool Tracked);

/// <summary>A file in a commit's tree: its mode (120000 = a symbolic link), blob id and size.</summary>
public sealed record GitTreeEntry(string Path, string Mode, string Oid, long Size)
{
    public bool IsSymbolicLink => Mode == "120000";
}

/// <summary>A commit's tree: its files (blobs and links), and the folders that are submodules (gitlinks).</summary>
public sealed record GitTree(IReadOnlyList<GitTreeEntry> Files, IReadOnlyList<string> Submodules);

/// <summary>
/// The git work tree that contains the audited folder. The audited folder may be a sub-folder (a project inside a
/// monorepo): then <see cref="GitRepositoryInfo.Prefix"/> names it and every path here is relative to it.
/// </summary>
public sealed class GitRepository
{
    private readonly GitRunner _git;

    private GitRepository(GitRunner git, string folder, GitRepositoryInfo info)
    {
        _git = git;
        Folder = folder;
        Info = info;
    }

    public string Folder { get; }

    public GitRepositoryInfo Info { get; }

    public GitRunner Runner => _git;

    /// <summary>The same repository read through another runner (another time limit), without discovering it again.</summary>
    internal GitRepository WithRunner(GitRunner runner) => new(runner, Folder, Info);

    /// <summary>Finds the work tree around <paramref name="folder"/>; null with the reason when there is none.</summary>
    public static GitRepository? Discover(GitRunner git, string folder, out string? whyNot)
    {
        GitOutput probe;
        try
        {
            probe = git.Run(folder, "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix", "--is-shallow-repository");
        }
        catch (Exception ex) when (ex is GitUnavailableException or GitTimeoutException)
        {
            whyNot = ex.Message;
            return null;
        }

        if (!probe.Ok)
        {
            whyNot = probe.Stderr.Contains("dubious ownership", StringComparison.Ordinal)
                ? "git refuses to read this repository because another user owns it (see `git config --global --add safe.directory`)"
                : "not a git repository";
            return null;
        }

        var lines = probe.Text.Split('\n');
        if (lines.Length < 4 || lines[0] != "true")
        {
            whyNot = "not inside a git work tree";
            return null;
        }

        // Four questions that do not depend on each other, asked at once: each is a process start, and on a small project
        // they are most of the time before the first rule runs.
        var answers = new[]
        {
            () => git.Run(folder, "rev-parse", "--verify", "-q", "HEAD^{commit}"),
            () => git.Run(folder, "symbolic-ref", "-q", "--short", "HEAD"),
            // One process for the three settings that tell a partial clone, and the origin's address; git prints their
            // section and key lower-cased.
            () => git.Run(folder, "config", "-z", "--get-regexp", @"^(extensions\.partialclone|remote\..*\.promisor|remote\..*\.partialclonefilter|remote\.origin\.url)$"),
            () => git.Run(folder, "status", "--porcelain", "-z", "--untracked-files=normal", "--ignore-submodules=all", "--", "."),
        }.Select(Task.Run).ToArray();
        try
        {
            Task.WaitAll(answers);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<GitTimeoutException>().FirstOrDefault() is { } timeout)
        {
            whyNot = timeout.Message;
            return null;
        }
        catch (AggregateException ex)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            throw;
        }

        var (head, branch, partialCloneConfig, status) = (answers[0].Result, answers[1].Result, answers[2].Result, answers[3].Result);

        whyNot = null;
        // `-z` ends each setting with NUL and puts a line break between key and value (a remote's name may hold spaces);
        // each is read back as the "key value" line git prints without it.
        var settings = partialCloneConfig.Ok ? partialCloneConfig.Records().Select(record => record.Split('\n', 2)).ToArray() : [];
        string[] Lines(string keyEnd) =>
            settings.Where(setting => setting[0].EndsWith(keyEnd, StringComparison.Ordinal)).Select(setting => string.Join(' ', setting)).ToArray();
        var filters = Lines(".partialclonefilter");
        var origin = settings.LastOrDefault(setting => setting[0] == "remote.origin.url" && setting.Length == 2);
        var isPartial = Lines("extensions.partialclone").Length > 0 || Lines(".promisor").Any(line => line.Contains(" true", StringComparison.Ordinal));
        return new GitRepository(git, folder, new GitRepositoryInfo(
            TopLevel: lines[1],
            Prefix: lines[2],
            Head: head.Ok ? head.Text.Trim() : null,
            Branch: branch.Ok ? branch.Text.Trim() : null,
            Shallow: lines[3] == "true",
            Partial: isPartial,
            Dirty: status.Ok && status.Stdout.Length > 0,
            PartialBlobLimit: isPartial && filters.Length > 0 ? BlobLimit(string.Join('\n', filters)) : null,
            OriginUrl: origin?[1]));
    }

    /// <summary>
    /// The size from which every promisor remote's filter leaves blobs out: `remote.NAME.partialclonefilter` lines
    /// holding `blob:limit=N[kmg]` (git's units: k = 1024). Null when a remote has another filter (blob:none, tree:0,
    /// combine:...), since then a missing blob may be of any size.
    /// </summary>
    internal static long? BlobLimit(string configLines)
    {
        long? least = null;
        foreach (var line in configLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var spec = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim();
            if (!spec.StartsWith("blob:limit=", StringComparison.Ordinal))
            {
                return null;
            }

            var text = spec["blob:limit=".Length..];
            var unit = text.Length > 0 ? char.ToLowerInvariant(text[^1]) : ' ';
            var multiplier = unit switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1L };
            var digits = multiplier == 1 ? text : text[..^1];
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / multiplier)
            {
                return null;
            }

            least = Math.Min(least ?? long.MaxValue, count * multiplier);
        }

        return least;
    }

    /// <summary>Tracked files plus untracked files that .gitignore does not exclude, relative to the audited folder.</summary>
    public IReadOnlyList<GitListedFile> ListFiles()
    {
        var output = _git.Run(Folder, "ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard", "--deduplicate");
        if (!output.Ok)
        {
            throw new IOException($"git ls-files failed: {output.Stderr}");
        }

        var files = new List<GitListedFile>();
        foreach (var record in output.Records())
        {
            // "-t" tags each path: H = tracked, ? = untracked, S/M/C/R/K = tracked in special states.
            if (record.Length < 3)
            {
                continue;
            }

            files.Add(new GitListedFile(record[2..], Tracked: record[0] != '?'));
        }

        return files;
    }

    /// <summary>The history reachable from <paramref name="revision"/> (HEAD unless auditing a baseline).</summary>
    public GitHistory History(int? depth, string revision = "HEAD", IProgress<string>? progress = null) => new(this, depth, revision, progress);

    /// <summary>
    /// A commit's tree under the audited folder, or under the given paths (relative to it): its files (blobs and
    /// links) and its submodules; paths in the answer are relative to the audited folder.
    /// </summary>
    public GitTree ListTree(string commit, params string[] paths)
    {
        var output = _git.Run(Folder, ["ls-tree", "-r", "-z", "--long", commit, .. paths.Length > 0 ? ["--", .. paths] : Array.Empty<string>()], stdin: null);
        if (!output.Ok)
        {
            throw new IOException($"git ls-tree {commit} failed: {output.Stderr}");
        }

        var entries = new List<GitTreeEntry>();
        var submodules = new List<string>();
        foreach (var record in output.Records())
        {
            // "<mode> <type> <oid> <size>\t<path>"; the type of a submodule is "commit", and its size "-".
            var tab = record.IndexOf('\t');
            var meta = tab < 0 ? [] : record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (meta.Length == 4 && meta[1] == "blob")
            {
                // git prints "BAD" for the size of a blob it does not have (a partial or damaged clone); reading it then says so.
                entries.Add(new GitTreeEntry(record[(tab + 1)..], meta[0], meta[2], long.TryParse(meta[3], CultureInfo.InvariantCulture, out var size) ? size : -1));
            }
            else if (meta.Length == 4 && meta[1] == "commit")
            {
                submodules.Add(record[(tab + 1)..]);
            }
        }

        return new GitTree(entries, submodules);
    }

    /// <summary>The full commit id of a revision, or null when this clone does not have it.</summary>
    public string? ResolveCommit(string revision)
    {
        if (revision.StartsWith('-'))
        {
            return null; // never let a ref name be read as an option
        }

        var output = _git.Run(Folder, "rev-parse", "--verify", "-q", "--end-of-options", $"{revision}^{{commit}}");
        return output.Ok ? output.Text.Trim() : null;
    }

    /// <summary>A file's text at a commit (path relative to the audited folder), or null when it is not there.</summary>
    public string? ReadFileAt(string commit, string path)
    {
        var output = _git.Run(Folder, "show", $"{commit}:./{path}");
        return output.Ok ? output.Text : null;
    }
}
