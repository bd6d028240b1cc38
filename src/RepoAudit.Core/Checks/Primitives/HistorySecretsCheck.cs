using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `history_secrets: { patterns, files, allow, max_size, exclude }` holds when no text blob reachable from HEAD contains a secret
/// and no secret file (a private key, a `.env` with values) was ever committed. Each blob is read once, by id, through
/// one `git cat-file --batch`; binaries (by their first bytes) and blobs over max_size are skipped, and blobs are
/// scanned in parallel while git decompresses the next ones. A pattern with `keywords` (as in gitleaks: strings every
/// match contains, matched ignoring case) is run only on the lines around a keyword, which one vectorised multi-string
/// search finds; a pattern without keywords reads the whole blob. A version of a file searches for keywords only
/// between the lines it shares with the start and the end of the version of its path scanned before it, whose keyword
/// lines it takes (<see cref="KeywordLines"/>): the windows, and so the findings, are those of a search of the whole
/// blob. Secrets are always redacted in evidence.
/// </summary>
public sealed class HistorySecretsCheck(
    IReadOnlyList<HistorySecretsCheck.SecretPattern> patterns,
    IReadOnlyList<HistorySecretsCheck.SecretFile> files,
    IReadOnlyList<RulePattern> allow,
    long maxSize,
    IReadOnlyList<string> exclude) : ICheck
{
    /// <summary>A secret format; the named group `secret` (or the whole match) is the value that is judged and redacted.</summary>
    public sealed record SecretPattern(string Id, RulePattern Regex, double MinEntropy, IReadOnlyList<string> Keywords, int LinesAfter = DefaultLinesAfter)
    {
        /// <summary>Whether runs of its keyword windows can be screened with one regex call (<see cref="KeywordWindows"/>).</summary>
        public bool Screened { get; } = KeywordWindows.CanScreen(Regex.Text);
    }

    /// <summary>How many lines after a keyword's line the regex reads unless the pattern says (`lines_after`).</summary>
    public const int DefaultLinesAfter = 1;

    /// <summary>A file that must never be committed: by glob, optionally only when its content matches.</summary>
    public sealed record SecretFile(IReadOnlyList<string> Globs, IReadOnlyList<string> Exclude, RulePattern? Pattern);

    /// <summary>
    /// How many bytes the versions kept for the next version of their paths (<see cref="KeywordLines"/>) may hold
    /// together; a version that does not fit is not kept, and the next version of its path is searched whole. On
    /// pytorch-lightning's history 8 MB leaves about 40% of the text to search, 12 MB 20%, but costs its peak memory.
    /// </summary>
    public const long MaxKeptBytes = 8L << 20;

    // The keywords of the patterns that have any, searched together; a pattern's index among them, or -1 without keywords
    // (such a pattern reads every blob whole).
    private readonly PatternKeywords _keywords = new([.. patterns.Where(pattern => pattern.Keywords.Count > 0).Select(pattern => pattern.Keywords)]);
    private readonly int[] _keywordIndex = patterns.Select((pattern, i) => pattern.Keywords.Count == 0 ? -1 : patterns.Take(i).Count(other => other.Keywords.Count > 0)).ToArray();

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".tar",
        ".pt", ".pth", ".ckpt", ".h5", ".hdf5", ".pkl", ".pickle", ".joblib", ".onnx", ".npy", ".npz", ".parquet",
        ".safetensors", ".tfrecord", ".so", ".dll", ".exe", ".whl", ".jar", ".mp3", ".mp4", ".wav", ".ttf", ".woff", ".woff2",
    };

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "history_secrets", ["patterns", "files", "allow", "max_size", "exclude"], []);
        var patterns = new List<SecretPattern>();
        if (args.TryGetValue("patterns", out var patternList))
        {
            foreach (var item in reader.Doc.Sequence(patternList.Value, "'history_secrets.patterns'").Children)
            {
                if (item is YamlScalarNode)
                {
                    patterns.Add(new SecretPattern("secret", reader.Regex(item, "a secret pattern"), 0, []));
                    continue;
                }

                var fields = reader.Arguments(item, "history_secrets.patterns item", ["id", "regex", "min_entropy", "keywords", "lines_after"], ["id", "regex"]);
                patterns.Add(new SecretPattern(
                    reader.String(fields["id"].Value, "'id'"),
                    reader.Regex(fields["regex"].Value, "'regex'"),
                    fields.TryGetValue("min_entropy", out var entropy) ? reader.Doc.Number(entropy.Value, "'min_entropy'") : 0,
                    fields.TryGetValue("keywords", out var keywords) ? Keywords(reader, keywords.Value) : [],
                    fields.TryGetValue("lines_after", out var after) ? reader.Integer(after.Value, "'lines_after'", 0, 100) : DefaultLinesAfter));
            }
        }

        var secretFiles = new List<SecretFile>();
        if (args.TryGetValue("files", out var fileList))
        {
            foreach (var item in reader.Doc.Sequence(fileList.Value, "'history_secrets.files'").Children)
            {
                if (item is YamlScalarNode)
                {
                    secretFiles.Add(new SecretFile(reader.Globs(item, "a secret file glob"), [], null));
                    continue;
                }

                var fields = reader.Arguments(item, "history_secrets.files item", ["glob", "exclude", "pattern"], ["glob"]);
                secretFiles.Add(new SecretFile(
                    reader.Globs(fields["glob"].Value, "'glob'"),
                    fields.TryGetValue("exclude", out var exclude) ? reader.Globs(exclude.Value, "'exclude'") : [],
                    fields.TryGetValue("pattern", out var pattern) ? reader.Regex(pattern.Value, "'pattern'") : null));
            }
        }

        if (patterns.Count == 0 && secretFiles.Count == 0)
        {
            throw reader.Error(node, "'history_secrets' needs 'patterns', 'files' or both");
        }

        var allow = args.TryGetValue("allow", out var allowList)
            ? reader.StringList(allowList.Value, "'history_secrets.allow'").Select(text =>
                RulePattern.TryCompile(text, out var problem) ?? throw reader.Error(allowList.Value, $"'history_secrets.allow': {problem}")).ToArray()
            : [];
        var maxSize = args.TryGetValue("max_size", out var max) ? reader.Size(max.Value, "'history_secrets.max_size'") : 1L << 20;
        var templates = args.TryGetValue("exclude", out var excluded) ? reader.Globs(excluded.Value, "'history_secrets.exclude'") : [];
        return new HistorySecretsCheck(patterns, secretFiles, allow, maxSize, templates);
    }

    private static IReadOnlyList<string> Keywords(CheckReader reader, YamlNode node)
    {
        var keywords = reader.StringList(node, "'keywords'");
        foreach (var keyword in keywords)
        {
            // A keyword is a plain string that every match contains; a line break would never be inside one window.
            if (keyword.Length == 0 || keyword.Contains('\n'))
            {
                throw reader.Error(node, $"'keywords': '{keyword}' must be a non-empty string on one line");
            }
        }

        return keywords;
    }

    public bool ReadsHistory => true;

    public CheckResult Evaluate(CheckContext context)
    {
        if (context.History is not { } history)
        {
            return CheckResult.Unknown(context.HistoryUnavailableReason!);
        }

        var inventory = history.Blobs;
        var readable = inventory.Present
            .Where(blob => blob.Size <= maxSize && !BinaryExtensions.Contains(Path.GetExtension(blob.Path)))
            .ToArray();
        // Templates that document which secrets to set (.env.example) are meant to be committed: not scanned at all.
        var templates = new HashSet<string>(Globs.Match(exclude, readable.Select(blob => blob.Path).Distinct()), StringComparer.Ordinal);
        var blobs = readable.Where(blob => !templates.Contains(blob.Path)).ToArray();
        var paths = blobs.Select(blob => blob.Path).Distinct().ToArray();
        var fileRules = files.Select(rule =>
        {
            var excluded = new HashSet<string>(Globs.Match(rule.Exclude, paths), StringComparer.Ordinal);
            var matched = Globs.Match(rule.Globs, paths).Where(path => !excluded.Contains(path));
            return (Rule: rule, Paths: new HashSet<string>(matched, StringComparer.Ordinal));
        }).ToArray();

        // Each blob is scanned once per path it was seen at, also across the commits a trend audits (BlobFacts). The
        // inventory lists each blob once.
        var toScan = blobs.Where(blob => !context.BlobFacts.TryGet<Evidence[]>(this, blob.Oid, blob.Path, out _)).ToArray();
        using (var versions = new PathVersions(toScan.Select(blob => blob.Path)))
        {
            history.ReadBlobs(toScan.Select(blob => blob.Oid).ToArray(), (index, bytes) =>
            {
                var blob = toScan[index];
                context.BlobFacts.Set(this, blob.Oid, blob.Path, Scan(blob, bytes, fileRules, versions));
            }, skipBinary: true);
        }

        // Blobs were scanned in parallel; the evidence keeps the inventory's order, so a report does not change between runs.
        var found = new List<(HistoryBlob Blob, Evidence Finding)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in blobs)
        {
            if (context.BlobFacts.TryGet<Evidence[]>(this, blob.Oid, blob.Path, out var inBlob)) // else binary, or git does not have it
            {
                found.AddRange(inBlob.Where(finding => seen.Add($"{blob.Path}\n{finding.Detail}")).Select(finding => (blob, finding)));
            }
        }

        var addedIn = history.Provenances(found.Select(item => item.Blob.Oid));
        var findings = found.Select(item => item.Finding with { Commit = addedIn[item.Blob.Oid].AddedIn }).ToList();

        var scope = $"{EvidenceList.Plural(blobs.Length, "text blob")} reachable from HEAD";
        if (findings.Count > 0)
        {
            var files = findings.Select(finding => finding.Path).Distinct().Count();
            return CheckResult.Fails($"{EvidenceList.Plural(findings.Count, "secret")} in {EvidenceList.Plural(files, "file")} of git history", EvidenceList.Capped(findings));
        }

        // Unscanned blobs may hold the very secret this rule looks for: no verdict rather than a false all-clear. A
        // missing image, archive or weights file is no such risk, so it does not stand in the way of a pass; nor is a
        // blob that a blob:limit clone left out for being larger than this scan ever reads.
        var missingFrom = inventory.MissingOids.Count == 0 || history.MissingBlobsAtLeast > maxSize ? null : history.Provenances(inventory.MissingOids);
        var unscanned = missingFrom is null
            ? []
            : inventory.MissingOids.Where(oid => missingFrom[oid].Path is not { } path || !BinaryExtensions.Contains(Path.GetExtension(path))).ToArray();
        if (unscanned.Length > 0)
        {
            return MissingBlobs.Unknown(history, "so it was not scanned", $"could not be scanned (no secrets in the {scope})", unscanned);
        }

        return CheckResult.Holds($"no secrets in {scope}");
    }

    /// <summary>What one blob holds; kept per blob (most hold nothing, and then share the one empty array).</summary>
    private Evidence[] Scan(HistoryBlob blob, ReadOnlySpan<byte> bytes, IEnumerable<(SecretFile Rule, HashSet<string> Paths)> fileRules, PathVersions versions)
    {
        var findings = new List<Evidence>();
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
        List<KeywordLine>? keywordLines = null;
        try
        {
            var length = Encoding.UTF8.GetChars(bytes, chars);
            var text = new BlobText(chars.AsMemory(0, length));
            foreach (var (rule, _) in fileRules.Where(fileRule => fileRule.Paths.Contains(blob.Path)))
            {
                if (rule.Pattern is null)
                {
                    findings.Add(new Evidence(blob.Path, null, null, "secret file committed"));
                }
                else if (rule.Pattern.Match(text.Whole) is { Success: true } match)
                {
                    findings.Add(new Evidence(blob.Path, Patterns.LineAt(text.Whole, match.Index), null, $"secret file committed with values ({Redact(match.Value)})"));
                }
            }

            if (_keywords.Count > 0)
            {
                var previous = versions.Take(blob.Path);
                keywordLines = KeywordLines.Find(bytes, text.Chars.Span, _keywords, previous, out _);
                previous?.Dispose();
                if (versions.Reserve(blob.Path, bytes.Length))
                {
                    versions.Keep(blob.Path, bytes.Length, new KeywordLines(bytes, length, keywordLines));
                }
            }

            for (var i = 0; i < patterns.Count; i++)
            {
                if (FirstSecret(patterns[i], text, keywordLines, _keywordIndex[i]) is { } secret)
                {
                    findings.Add(new Evidence(blob.Path, secret.Line, null, $"{patterns[i].Id}: {Redact(secret.Value)}"));
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        return findings.Count == 0 ? [] : findings.ToArray();
    }

    /// <summary>
    /// The first match of the pattern that is not allowed and random enough; one finding per pattern and blob is
    /// enough to act on. With keywords, only the windows around them are matched (<see cref="KeywordWindows"/>), each
    /// on its own; runs of windows in which the pattern finds nothing at all are skipped with one call.
    /// </summary>
    private (string Value, int Line)? FirstSecret(SecretPattern pattern, BlobText text, List<KeywordLine>? keywordLines, int keywordIndex)
    {
        if (keywordLines is null || keywordIndex < 0)
        {
            return Accepted(pattern, text.Whole);
        }

        var windows = KeywordWindows.Of(text.Chars.Span, keywordLines, keywordIndex, pattern.LinesAfter);
        IEnumerable<(int First, int Count, bool MayMatch)> runs = pattern.Screened
            ? KeywordWindows.Screen(text.Chars, windows, pattern.Regex.IsMatch)
            : [(0, windows.Count, true)];
        foreach (var (first, count, mayMatch) in runs)
        {
            for (var i = first; mayMatch && i < first + count; i++)
            {
                var (start, end) = windows[i];
                if (Accepted(pattern, new string(text.Chars.Span[start..end])) is { } secret)
                {
                    return (secret.Value, secret.Line + text.Chars.Span[..start].Count('\n'));
                }
            }
        }

        return null;
    }

    private (string Value, int Line)? Accepted(SecretPattern pattern, string text)
    {
        foreach (var match in pattern.Regex.Matches(text))
        {
            var secretGroup = match.Groups["secret"];
            var secret = secretGroup.Success ? secretGroup.Value : match.Value;
            if (allow.Any(regex => regex.IsMatch(secret)) || Entropy(secret) < pattern.MinEntropy)
            {
                continue;
            }

            return (secret, Patterns.LineAt(text, match.Index));
        }

        return null;
    }

    /// <summary>
    /// The last version scanned of each path, with its keyword lines, for the next version of that path to start from
    /// (most of a version's lines are its neighbour's). Which version a scan starts from (if any) depends on the
    /// threads' timing, but only changes how much it searches, never what it finds. A path's version is dropped once
    /// its last one was scanned, and the kept versions stay within <see cref="MaxKeptBytes"/>.
    /// </summary>
    private sealed class PathVersions : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, int> _remaining = new(StringComparer.Ordinal);
        private readonly Dictionary<string, KeywordLines> _last = new(StringComparer.Ordinal);
        private long _bytes; // kept and reserved

        public PathVersions(IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                _remaining[path] = _remaining.GetValueOrDefault(path) + 1;
            }
        }

        /// <summary>The version of the path scanned last, if any, and forgets it: the caller keeps its own instead.</summary>
        public KeywordLines? Take(string path)
        {
            lock (_gate)
            {
                if (!_last.Remove(path, out var version))
                {
                    return null;
                }

                _bytes -= version.Size;
                return version;
            }
        }

        /// <summary>
        /// A version of the path was scanned: true when it is to be kept, because versions of its path are still to
        /// come and its bytes fit; room is then reserved for them (twice their length, what a pooled buffer may take).
        /// </summary>
        public bool Reserve(string path, int length)
        {
            lock (_gate)
            {
                if (--_remaining[path] == 0 || _bytes + 2L * length > MaxKeptBytes)
                {
                    return false;
                }

                _bytes += 2L * length;
                return true;
            }
        }

        /// <summary>Keeps the version a <see cref="Reserve"/> of <paramref name="length"/> bytes made room for.</summary>
        public void Keep(string path, int length, KeywordLines version)
        {
            KeywordLines? other;
            lock (_gate)
            {
                _bytes += version.Size - 2L * length;
                if (_last.Remove(path, out other))
                {
                    _bytes -= other.Size; // another thread's version of the same path, kept meanwhile
                }

                _last[path] = version;
            }

            other?.Dispose();
        }

        /// <summary>Gives back the buffers of versions no scan took (their paths' other versions were binary or missing).</summary>
        public void Dispose()
        {
            foreach (var version in _last.Values)
            {
                version.Dispose();
            }

            _last.Clear();
        }
    }

    /// <summary>A blob's decoded characters; the whole text as a string only when a check needs it all.</summary>
    private sealed class BlobText(ReadOnlyMemory<char> chars)
    {
        private string? _whole;

        public ReadOnlyMemory<char> Chars { get; } = chars;

        public string Whole => _whole ??= new string(Chars.Span);
    }

    /// <summary>Shows enough of a secret to find it (its first four characters and its length), never the secret.</summary>
    public static string Redact(string secret)
    {
        var visible = secret.Length >= 12 ? secret[..4] : "";
        return $"{visible}{new string('*', 8)} ({secret.Length} chars, redacted)";
    }

    /// <summary>Shannon entropy in bits per character: random tokens score high, words and placeholders low.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        return value.GroupBy(c => c).Sum(group =>
        {
            var p = group.Count() / (double)value.Length;
            return -p * Math.Log2(p);
        });
    }
}
