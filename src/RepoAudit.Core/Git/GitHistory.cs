using System.Globalization;
using System.Text;

namespace RepoAudit.Core.Git;

/// <summary>A blob reachable from HEAD, at the first path git reports for it (relative to the audited folder).</summary>
public sealed record HistoryBlob(string Oid, string Path, long Size);

/// <summary>One changed path in a commit: the blob before and after (all zeros when absent) and git's status letter.</summary>
public sealed record HistoryChange(string Path, string OldOid, string NewOid, char Status);

public sealed record HistoryCommit(string Sha, int ParentCount, DateTimeOffset Date, string Subject, IReadOnlyList<HistoryChange> Changes)
{
    public bool IsMerge => ParentCount > 1;
}

/// <summary>Where a blob came from: the commit that added it, the one that later removed it, and its path then.</summary>
public sealed record BlobProvenance(string? AddedIn, string? RemovedIn, string? Path);

/// <summary>Blobs reachable from HEAD, split into the ones present and the ones a partial clone does not have.</summary>
public sealed record BlobInventory(IReadOnlyList<HistoryBlob> Present, IReadOnlyList<string> MissingOids);

/// <summary>
/// The history of the audited folder, read lazily and at most once: the blob inventory through
/// `rev-list --objects` + `cat-file --batch-check`, the commit log with changed paths through `git log --raw`, and blob
/// contents streamed through one `cat-file --batch` process. Missing objects are listed, never fetched.
/// </summary>
public sealed class GitHistory
{
    private const string ZeroOid = "0000000000000000000000000000000000000000";
    private readonly GitRepository _repository;
    private readonly int? _depth;
    private readonly string _revision;
    private readonly Lazy<BlobInventory> _blobs;
    private readonly Lazy<IReadOnlyList<HistoryCommit>> _commits;
    private readonly Lazy<Dictionary<string, BlobProvenance>> _provenance;

    internal GitHistory(GitRepository repository, int? depth, string revision)
    {
        _repository = repository;
        _depth = depth;
        _revision = revision;
        _blobs = new Lazy<BlobInventory>(LoadBlobs);
        _commits = new Lazy<IReadOnlyList<HistoryCommit>>(LoadCommits);
        _provenance = new Lazy<Dictionary<string, BlobProvenance>>(IndexProvenance);
    }

    private GitHistory(GitRepository repository, string revision, Func<BlobInventory> blobs, Func<IReadOnlyList<HistoryCommit>> commits)
    {
        _repository = repository;
        _revision = revision;
        _blobs = new Lazy<BlobInventory>(blobs);
        _commits = new Lazy<IReadOnlyList<HistoryCommit>>(commits);
        _provenance = new Lazy<Dictionary<string, BlobProvenance>>(IndexProvenance);
    }

    /// <summary>
    /// The history up to <paramref name="revision"/> built from the history of an ancestor and the part since it
    /// (read as `ancestor..revision`), so that audits of successive commits read each commit and blob once.
    /// </summary>
    public static GitHistory Stacked(GitHistory since, GitHistory ancestor, string revision) => new(since._repository, revision,
        () => new BlobInventory(
            since.Blobs.Present.Concat(ancestor.Blobs.Present).DistinctBy(blob => blob.Oid, StringComparer.Ordinal).ToArray(),
            since.Blobs.MissingOids.Concat(ancestor.Blobs.MissingOids).Distinct(StringComparer.Ordinal).ToArray()),
        () => [.. since.Commits, .. ancestor.Commits]);

    public int? Depth => _depth;

    public BlobInventory Blobs => _blobs.Value;

    /// <summary>Where the missing blobs went, for messages: a partial clone leaves them out on purpose, anything else is damage.</summary>
    public string MissingBlobsWhere => _repository.Info.Partial
        ? "missing from this partial clone"
        : "missing from the object store (the repository looks damaged; `git fsck` says more)";

    /// <summary>How to get the missing blobs back.</summary>
    public string MissingBlobsRemedy => _repository.Info.Partial
        ? "fetch them or clone without --filter"
        : "repair or re-clone the repository";

    /// <summary>Commits reachable from HEAD that touch the audited folder, newest first.</summary>
    public IReadOnlyList<HistoryCommit> Commits => _commits.Value;

    private string Prefix => _repository.Info.Prefix;

    private IEnumerable<string> DepthArgs() =>
        _depth is { } depth ? ["--max-count", depth.ToString(CultureInfo.InvariantCulture)] : [];

    private BlobInventory LoadBlobs()
    {
        var git = _repository.Runner;
        var revList = git.Run(_repository.Folder, ["rev-list", "--objects", "--missing=print", .. DepthArgs(), _revision], stdin: null);
        if (!revList.Ok)
        {
            throw new IOException($"git rev-list failed: {revList.Stderr}");
        }

        var missing = new List<string>();
        var query = new StringBuilder();
        foreach (var line in revList.Text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '?')
            {
                missing.Add(line[1..].Trim());
                continue;
            }

            // "oid path": commits have no path; trees and blobs outside the audited folder are not ours. A path with a
            // newline in it continues on the next line, which does not start with an object id: skip the fragment.
            var space = line.IndexOf(' ');
            if (space < 0 || !IsObjectId(line.AsSpan(0, space)))
            {
                continue;
            }

            var path = line[(space + 1)..];
            if (Prefix.Length == 0 || path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                query.Append(line).Append('\n');
            }
        }

        var check = git.Run(_repository.Folder, ["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)"], Encoding.UTF8.GetBytes(query.ToString()));
        if (!check.Ok)
        {
            throw new IOException($"git cat-file failed: {check.Stderr}");
        }

        var blobs = new List<HistoryBlob>();
        foreach (var line in check.Text.Split('\n'))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length == 2 && parts[1] == "missing")
            {
                missing.Add(parts[0]);
                continue;
            }

            if (parts.Length < 4 || parts[1] != "blob")
            {
                continue;
            }

            var size = long.Parse(parts[2], CultureInfo.InvariantCulture);
            blobs.Add(new HistoryBlob(parts[0], parts[3][Prefix.Length..], size));
        }

        return new BlobInventory(blobs, missing);
    }

    private IReadOnlyList<HistoryCommit> LoadCommits()
    {
        var git = _repository.Runner;
        var log = git.Run(_repository.Folder,
            ["log", "--no-renames", "--raw", "--no-abbrev", "-z", "--format=%x1e%H%x1f%P%x1f%ct%x1f%s", .. DepthArgs(), _revision, "--", "."],
            stdin: null);
        if (!log.Ok)
        {
            throw new IOException($"git log failed: {log.Stderr}");
        }

        return ParseLog(log.Text, Prefix);
    }

    internal static IReadOnlyList<HistoryCommit> ParseLog(string text, string prefix)
    {
        var commits = new List<HistoryCommit>();
        string[]? header = null;
        List<HistoryChange>? changes = null;
        string? pendingMeta = null;

        void Flush()
        {
            if (header is null || changes is null)
            {
                return;
            }

            var parents = header[1].Length == 0 ? 0 : header[1].Split(' ').Length;
            var date = DateTimeOffset.FromUnixTimeSeconds(long.Parse(header[2], CultureInfo.InvariantCulture));
            commits.Add(new HistoryCommit(header[0], parents, date, header.Length > 3 ? header[3] : "", changes));
        }

        foreach (var rawToken in text.Split('\0'))
        {
            var token = rawToken.TrimStart('\n');
            if (token.Length == 0)
            {
                continue;
            }

            if (token[0] == '\x1e')
            {
                Flush();
                header = token[1..].Split('\x1f', 4);
                changes = [];
                pendingMeta = null;
            }
            else if (token[0] == ':' && pendingMeta is null)
            {
                pendingMeta = token;
            }
            else if (pendingMeta is not null && changes is not null)
            {
                // ":oldmode newmode oldoid newoid STATUS" followed by the path.
                var meta = pendingMeta.Split(' ');
                pendingMeta = null;
                if (meta.Length >= 5 && (prefix.Length == 0 || token.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    changes.Add(new HistoryChange(token[prefix.Length..], meta[2], meta[3], meta[4][0]));
                }
            }
        }

        Flush();
        return commits;
    }

    /// <summary>
    /// The oldest commit (within the depth) that added the blob, and the first later commit that replaced or deleted
    /// it; both null when the log does not show it (a depth-limited history, or a blob that came in with the root).
    /// </summary>
    public BlobProvenance Provenance(string oid) =>
        _provenance.Value.TryGetValue(oid, out var provenance) ? provenance : new BlobProvenance(null, null, null);

    private Dictionary<string, BlobProvenance> IndexProvenance()
    {
        var index = new Dictionary<string, BlobProvenance>(StringComparer.Ordinal);
        for (var i = Commits.Count - 1; i >= 0; i--)
        {
            var commit = Commits[i];
            foreach (var change in commit.Changes)
            {
                if (!IsZero(change.NewOid) && !index.ContainsKey(change.NewOid))
                {
                    index[change.NewOid] = new BlobProvenance(commit.Sha, null, change.Path);
                }

                if (!IsZero(change.OldOid) && change.OldOid != change.NewOid
                    && index.TryGetValue(change.OldOid, out var known) && known.RemovedIn is null)
                {
                    index[change.OldOid] = known with { RemovedIn = commit.Sha };
                }
            }
        }

        return index;
    }

    /// <summary>
    /// Streams the contents of the given blobs through one `git cat-file --batch` process, calling
    /// <paramref name="visit"/> for each one git has. Blobs git does not have are skipped (never fetched).
    /// </summary>
    public void ReadBlobs(IReadOnlyCollection<string> oids, Action<string, byte[]> visit)
    {
        if (oids.Count == 0)
        {
            return;
        }

        using var process = _repository.Runner.Start(_repository.Folder, ["cat-file", "--batch"]);
        var stderr = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            try
            {
                var input = process.StandardInput;
                foreach (var oid in oids)
                {
                    input.Write(oid);
                    input.Write('\n');
                }

                input.Close();
            }
            catch (IOException)
            {
                // git stopped reading; the reader below notices the short output.
            }
        });

        var output = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        while (ReadHeader(output) is { } header)
        {
            var parts = header.Split(' ');
            if (parts.Length < 3)
            {
                continue; // "<oid> missing"
            }

            var size = int.Parse(parts[2], CultureInfo.InvariantCulture);
            var content = new byte[size];
            output.ReadExactly(content);
            output.ReadByte(); // the newline after the content
            visit(parts[0], content);
        }

        writer.Wait();
        process.WaitForExit();
        _ = stderr.Result;
    }

    private static string? ReadHeader(Stream stream)
    {
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (b == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add((byte)b);
        }
    }

    private static bool IsObjectId(ReadOnlySpan<char> text) =>
        text.Length is 40 or 64 && !text.ContainsAnyExcept("0123456789abcdef");

    public static bool IsZero(string oid) => oid == ZeroOid || oid.All(c => c == '0');
}
