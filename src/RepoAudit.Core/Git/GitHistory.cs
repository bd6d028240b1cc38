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
    private readonly GitRepository _repository;
    private readonly int? _depth;
    private readonly string _revision;
    private readonly Lazy<BlobInventory> _blobs;
    private readonly Lazy<IReadOnlyList<HistoryCommit>> _commits;

    private readonly IProgress<string>? _progress;

    // Object ids as strings, one per distinct id: the inventory and the log name the same blobs, and at 200,000 blobs
    // a second copy of every id would be 20 MB.
    private readonly StringPool _oids = new();
    private int _listingsRead; // of the two that share _oids; once both are, its index is let go

    private void ListingRead()
    {
        if (Interlocked.Increment(ref _listingsRead) == 2)
        {
            _oids.Clear();
        }
    }

    internal GitHistory(GitRepository repository, int? depth, string revision, IProgress<string>? progress = null)
    {
        _progress = progress;
        _repository = repository;
        _depth = depth;
        _revision = revision;
        _blobs = new Lazy<BlobInventory>(LoadBlobs);
        _commits = new Lazy<IReadOnlyList<HistoryCommit>>(LoadCommits);
    }

    private GitHistory(GitRepository repository, string revision, Func<BlobInventory> blobs, Func<IReadOnlyList<HistoryCommit>> commits)
    {
        _repository = repository;
        _revision = revision;
        _blobs = new Lazy<BlobInventory>(blobs);
        _commits = new Lazy<IReadOnlyList<HistoryCommit>>(commits);
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

    /// <summary>
    /// The least size of any blob this clone lacks, when its filter says (`--filter=blob:limit=N`): such a blob is
    /// known to be at least N bytes. Null when a missing blob may be of any size.
    /// </summary>
    public long? MissingBlobsAtLeast => _repository.Info.PartialBlobLimit;

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
        // rev-list streams straight into cat-file --batch-check: neither listing is ever held whole in memory.
        var git = _repository.Runner;
        string[] revListArgs = ["rev-list", "--objects", "--missing=print", .. DepthArgs(), _revision];
        // --buffer: nothing waits for one answer before asking the next, so git need not flush after each line.
        string[] checkArgs = ["cat-file", "--buffer", "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)"];
        using var revList = git.StartBulk(_repository.Folder, revListArgs);
        using var revListDeadline = git.Deadline(revList, revListArgs);
        using var check = git.StartBulk(_repository.Folder, checkArgs);
        using var checkDeadline = git.Deadline(check, checkArgs);
        var revListErrors = revList.StandardError.ReadToEndAsync();
        var checkErrors = check.StandardError.ReadToEndAsync();
        var missing = new List<string>();
        var pump = Task.Run(() =>
        {
            try
            {
                using var query = new StreamWriter(check.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 16);
                using var objects = new StreamReader(revList.StandardOutput.BaseStream, Encoding.UTF8, false, 1 << 16);
                while (objects.ReadLine() is { } line)
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

                    // "oid path": commits have no path; trees and blobs outside the audited folder are not ours. A path
                    // with a newline in it continues on the next line, which does not start with an object id: skip it.
                    var space = line.IndexOf(' ');
                    if (space < 0 || !IsObjectId(line.AsSpan(0, space)))
                    {
                        continue;
                    }

                    if (Prefix.Length == 0 || line.AsSpan(space + 1).StartsWith(Prefix, StringComparison.Ordinal))
                    {
                        query.Write(line);
                        query.Write('\n');
                    }
                }
            }
            catch (IOException)
            {
                // One side was stopped (its deadline); the checks below say which.
            }
        });

        var paths = new StringPool();
        var blobs = new List<HistoryBlob>();
        var checkMissing = new List<string>();
        using (var answers = new StreamReader(check.StandardOutput.BaseStream, Encoding.UTF8, false, 1 << 16))
        {
            while (answers.ReadLine() is { } line)
            {
                var parts = line.Split(' ', 4);
                if (parts.Length == 2 && parts[1] == "missing")
                {
                    checkMissing.Add(parts[0]);
                    continue;
                }

                if (parts.Length < 4 || parts[1] != "blob")
                {
                    continue;
                }

                var size = long.Parse(parts[2], CultureInfo.InvariantCulture);
                blobs.Add(new HistoryBlob(_oids.Get(parts[0].AsSpan()), paths.Get(parts[3].AsSpan(Prefix.Length)), size));
            }
        }

        pump.Wait();
        revList.WaitForExit();
        check.WaitForExit();
        revListDeadline.ThrowIfPassed();
        checkDeadline.ThrowIfPassed();
        if (revList.ExitCode != 0)
        {
            throw new IOException($"git rev-list failed: {revListErrors.Result.Trim()}");
        }

        if (check.ExitCode != 0)
        {
            throw new IOException($"git cat-file failed: {checkErrors.Result.Trim()}");
        }

        missing.AddRange(checkMissing);
        ListingRead();
        return new BlobInventory(blobs, missing);
    }

    private IReadOnlyList<HistoryCommit> LoadCommits()
    {
        var git = _repository.Runner;
        string[] args = ["log", "--no-renames", "--raw", "--no-abbrev", "-z", "--format=%x1e%H%x1f%P%x1f%ct%x1f%s", .. DepthArgs(), _revision, "--", "."];
        using var log = git.StartBulk(_repository.Folder, args);
        using var deadline = git.Deadline(log, args);
        log.StandardInput.Close();
        var errors = log.StandardError.ReadToEndAsync();
        var commits = ParseLog(log.StandardOutput.BaseStream, Prefix, _progress, _oids);
        log.WaitForExit();
        deadline.ThrowIfPassed();
        if (log.ExitCode != 0)
        {
            throw new IOException($"git log failed: {errors.Result.Trim()}");
        }

        ListingRead();
        return commits;
    }

    internal static IReadOnlyList<HistoryCommit> ParseLog(ReadOnlySpan<byte> log, string prefix) =>
        ParseLog(new MemoryStream(log.ToArray(), writable: false), prefix, null, new StringPool());

    /// <summary>
    /// Parses `git log --raw -z` as it streams in, as bytes: only what a commit keeps (its id, subject, paths and
    /// blob ids) becomes strings, and a path or blob id seen before is not allocated again. The stream is a sequence
    /// of NUL-ended tokens: a header ("\x1e" sha "\x1f" parents "\x1f" time "\x1f" subject, after a line break
    /// when it follows another header), then per changed path ":oldmode newmode oldoid newoid STATUS" and the path
    /// itself, byte for byte (it may hold any byte but NUL, including line breaks and "\x1e").
    /// </summary>
    private static IReadOnlyList<HistoryCommit> ParseLog(Stream stream, string prefix, IProgress<string>? progress, StringPool oids)
    {
        var commits = new List<HistoryCommit>();
        var paths = new StringPool();
        var rate = new Rate();
        var reader = new NulTokenReader(stream);
        var chars = new char[256];
        (string Sha, int Parents, DateTimeOffset Date, string Subject)? header = null;
        List<HistoryChange> changes = [];
        (string OldOid, string NewOid, char Status)? change = null;
        var pathNext = false;

        void Flush()
        {
            if (header is not { } commit)
            {
                return;
            }

            commits.Add(new HistoryCommit(commit.Sha, commit.Parents, commit.Date, commit.Subject, changes.Count == 0 ? [] : changes.ToArray()));
            changes.Clear();
            if (progress is not null && commits.Count % 1000 == 0)
            {
                progress.Report($"history: {commits.Count:N0} commits read ({rate.PerSecond(commits.Count)} commits/s)");
            }
        }

        while (reader.TryRead(out var token))
        {
            if (pathNext)
            {
                // The path of the change just read, exactly as git wrote it.
                if (chars.Length < token.Length)
                {
                    chars = new char[Math.Max(token.Length, chars.Length * 2)];
                }

                var path = chars.AsSpan(0, Encoding.UTF8.GetChars(token, chars));
                if (change is { } meta && header is not null && path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    changes.Add(new HistoryChange(paths.Get(path[prefix.Length..]), meta.OldOid, meta.NewOid, meta.Status));
                }

                pathNext = false;
                continue;
            }

            token = token.TrimStart((byte)'\n');
            if (token.IsEmpty)
            {
                continue;
            }

            if (token[0] == 0x1e)
            {
                Flush();
                header = ParseHeader(token[1..]);
            }
            else if (token[0] == (byte)':')
            {
                change = ParseChange(token, oids);
                pathNext = true;
            }
        }

        Flush();
        return commits;
    }

    /// <summary>sha "\x1f" parents (space-separated) "\x1f" commit time "\x1f" subject (which may hold "\x1f" itself).</summary>
    private static (string Sha, int Parents, DateTimeOffset Date, string Subject) ParseHeader(ReadOnlySpan<byte> header)
    {
        var sha = NextField(ref header, 0x1f);
        var parents = NextField(ref header, 0x1f);
        var time = NextField(ref header, 0x1f);
        if (time.IsEmpty)
        {
            throw new IOException("git log wrote a commit header this reader does not understand");
        }

        return (Encoding.UTF8.GetString(sha),
            parents.IsEmpty ? 0 : parents.Count((byte)' ') + 1,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(time, NumberStyles.Integer, CultureInfo.InvariantCulture)),
            Encoding.UTF8.GetString(header));
    }

    /// <summary>":oldmode newmode oldoid newoid STATUS"; null when it has fewer fields.</summary>
    private static (string OldOid, string NewOid, char Status)? ParseChange(ReadOnlySpan<byte> meta, StringPool oids)
    {
        NextField(ref meta, (byte)' ');
        NextField(ref meta, (byte)' ');
        var oldOid = NextField(ref meta, (byte)' ');
        var newOid = NextField(ref meta, (byte)' ');
        var status = NextField(ref meta, (byte)' ');
        return status.IsEmpty ? null : (oids.Get(oldOid), oids.Get(newOid), (char)status[0]);
    }

    /// <summary>The text up to the next separator (or all of it), and the rest after that separator.</summary>
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> text, byte separator)
    {
        var end = text.IndexOf(separator);
        var field = end < 0 ? text : text[..end];
        text = end < 0 ? [] : text[(end + 1)..];
        return field;
    }

    /// <summary>Reads a stream as NUL-ended tokens, each a view of its buffer until the next read.</summary>
    private sealed class NulTokenReader(Stream stream)
    {
        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private int _searched;
        private bool _ended;

        /// <summary>The next token, without its NUL; the last one may have none. False when nothing is left.</summary>
        public bool TryRead(out ReadOnlySpan<byte> token)
        {
            while (true)
            {
                var nul = _buffer.AsSpan(_searched, _end - _searched).IndexOf((byte)0);
                if (nul >= 0)
                {
                    token = _buffer.AsSpan(_start, _searched + nul - _start);
                    _start = _searched = _searched + nul + 1;
                    return true;
                }

                _searched = _end;
                if (_ended)
                {
                    token = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    return !token.IsEmpty;
                }

                if (_start > 0)
                {
                    _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                    _end -= _start;
                    _searched = _end;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                _ended = read == 0;
                _end += read;
            }
        }
    }

    /// <summary>
    /// For each of the given blobs, the oldest commit (within the depth) that added it, and the first later commit that
    /// replaced or deleted it; both null when the log does not show it (a depth-limited history, or a blob that came in
    /// with the root). One pass over the log per call, for the few blobs a finding names: an index of every blob would
    /// hold a record per blob for the whole scan (200,000 of them in a 1 GB history).
    /// </summary>
    public IReadOnlyDictionary<string, BlobProvenance> Provenances(IEnumerable<string> oids)
    {
        // A blob not yet seen in the log has no AddedIn; once added, it may be removed once.
        var index = oids.Distinct(StringComparer.Ordinal).ToDictionary(oid => oid, _ => new BlobProvenance(null, null, null), StringComparer.Ordinal);
        if (index.Count == 0)
        {
            return index; // nothing asked: no pass over the log (a secrets scan that found nothing asks for no blob)
        }

        for (var i = Commits.Count - 1; i >= 0; i--)
        {
            var commit = Commits[i];
            foreach (var change in commit.Changes)
            {
                if (index.TryGetValue(change.NewOid, out var asked) && asked.AddedIn is null)
                {
                    index[change.NewOid] = new BlobProvenance(commit.Sha, null, change.Path);
                }

                if (change.OldOid != change.NewOid && index.TryGetValue(change.OldOid, out var known) && known is { AddedIn: not null, RemovedIn: null })
                {
                    index[change.OldOid] = known with { RemovedIn = commit.Sha };
                }
            }
        }

        return index;
    }

    /// <summary>
    /// Streams the contents of the given blobs through one `git cat-file --batch` process, calling
    /// <paramref name="visit"/> with the position in <paramref name="oids"/> and the bytes of each one git has, from
    /// several threads at once and in no particular order. Blobs
    /// git does not have are skipped (never fetched); with <paramref name="skipBinary"/>, so are blobs whose first
    /// bytes show they are binary.
    /// </summary>
    public void ReadBlobs(IReadOnlyList<string> oids, Action<int, ReadOnlySpan<byte>> visit, bool skipBinary = false)
    {
        var rate = new Rate();
        var progress = _progress is null ? null : new Progress<int>(read =>
            _progress.Report($"history: {read:N0} of {oids.Count:N0} blobs read ({rate.PerSecond(read)} blobs/s)"));
        CatFileBatch.Stream(_repository.Runner, _repository.Folder, oids,
            new BlobStreamOptions { SkipBinary = skipBinary, Progress = progress is null ? null : new SynchronousProgress(progress) }, visit);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(IProgress<int> inner) : IProgress<int>
    {
        public void Report(int value) => inner.Report(value);
    }

    /// <summary>Items per second since it was created, for progress lines.</summary>
    private sealed class Rate
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public string PerSecond(int count) =>
            (count / Math.Max(_clock.Elapsed.TotalSeconds, 0.001)).ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One string per distinct text: a file changed in a thousand commits is named once in memory. Thread-safe: the
    /// inventory and the log may be read at the same time.
    /// </summary>
    private sealed class StringPool
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ReadOnlySpan<char> text)
        {
            lock (_gate)
            {
                if (!_lookup.TryGetValue(text, out var known))
                {
                    known = text.ToString();
                    _strings[known] = known;
                }

                return known;
            }
        }

        /// <summary>Forgets the index (the strings handed out stay as they are).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _strings.Clear();
                _strings.TrimExcess();
            }
        }

        /// <summary>The same for ASCII text (object ids) as git wrote it.</summary>
        public string Get(ReadOnlySpan<byte> ascii)
        {
            Span<char> chars = stackalloc char[128];
            return ascii.Length <= chars.Length
                ? Get(chars[..Encoding.Latin1.GetChars(ascii, chars)])
                : Get(Encoding.Latin1.GetString(ascii).AsSpan());
        }
    }

    private static bool IsObjectId(ReadOnlySpan<char> text) =>
        text.Length is 40 or 64 && !text.ContainsAnyExcept("0123456789abcdef");
}
