using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>
/// The parts of a text a keyed pattern reads (as in gitleaks, a pattern names keywords that every match contains):
/// a window runs from the start of a keyword's line to the end of the <c>linesAfter</c>th line after it (without that
/// line's break), so anchors and word boundaries see what they would in the whole text. A keyword inside a window
/// starts no window of its own; the next one is looked for after the window.
/// <para>
/// Most windows hold no match at all, and running a regex has a cost per call. <see cref="Screen"/> joins a run of
/// windows with line breaks and asks once whether anything in them matches: for a pattern whose matches do not depend
/// on where its input starts or ends (see <see cref="CanScreen"/>), a match inside one window is also a match in the
/// joined text, so "no match" there means none in any of them, and the windows are skipped together.
/// </para>
/// </summary>
public static class KeywordWindows
{
    /// <summary>How much window text one screening call reads at most (a long run is screened in pieces).</summary>
    public const int ScreenChars = 16 * 1024;

    // What makes a match depend on the ends of its input: lookarounds, conditionals (which may look around), \A \z \Z \G,
    // and options switched off inline (which could turn off multi-line ^ and $). Read from the text, conservatively:
    // an escaped backslash before one of these letters also counts, and only costs the screening.
    private static readonly Regex EndSensitive = new("""
        (?x) \(\?<?[=!]          # a lookahead or lookbehind
        | \(\?\(                 # a conditional
        | \\[AzZG]               # an anchor to the whole input
        | \(\?[A-Za-z]*-         # options switched off: (?-m), (?i-m:...)
        """, RegexOptions.CultureInvariant);

    /// <summary>
    /// True when a match of <paramref name="pattern"/> (run with multi-line ^ and $) inside a run of whole lines is also
    /// a match where those lines sit between other lines: then windows can be screened together.
    /// </summary>
    public static bool CanScreen(string pattern) => !EndSensitive.IsMatch(pattern);

    /// <summary>The windows (start, end) of <paramref name="text"/> for the keywords, in order and not overlapping.</summary>
    public static List<(int Start, int End)> Find(ReadOnlySpan<char> text, IReadOnlyList<string> keywords, int linesAfter)
    {
        var lines = new List<KeywordLine>();
        new PatternKeywords([keywords]).Search(text, 0, text.Length, lines);
        return Of(text, lines, 0, linesAfter);
    }

    /// <summary>
    /// The windows of one pattern, from the lines that hold its keywords (in order): a keyword's line and the
    /// <paramref name="linesAfter"/> lines after it, as far as the text goes; a keyword inside a window starts none.
    /// </summary>
    public static List<(int Start, int End)> Of(ReadOnlySpan<char> text, IReadOnlyList<KeywordLine> lines, int pattern, int linesAfter)
    {
        var windows = new List<(int Start, int End)>();
        var from = 0;
        foreach (var (start, linePattern) in lines)
        {
            if (linePattern != pattern || start < from)
            {
                continue;
            }

            var end = start;
            for (var line = 0; line <= linesAfter && end < text.Length; line++)
            {
                var newline = text[end..].IndexOf('\n');
                end = newline < 0 ? text.Length : end + newline + (line < linesAfter ? 1 : 0);
            }

            windows.Add((start, end));
            from = end;
        }

        return windows;
    }

    /// <summary>
    /// Runs of consecutive windows, each run with no more than <see cref="ScreenChars"/> of text unless one window alone
    /// has more, and whether <paramref name="mayMatch"/> found anything in the run's windows joined by line breaks.
    /// </summary>
    public static IEnumerable<(int First, int Count, bool MayMatch)> Screen(ReadOnlyMemory<char> text, IReadOnlyList<(int Start, int End)> windows, Func<string, bool> mayMatch)
    {
        var first = 0;
        while (first < windows.Count)
        {
            var count = 0;
            var chars = 0;
            while (first + count < windows.Count && (count == 0 || chars + Length(windows[first + count]) + 1 <= ScreenChars))
            {
                chars += Length(windows[first + count]) + 1;
                count++;
            }

            yield return (first, count, mayMatch(Joined(text.Span, windows, first, count)));
            first += count;
        }
    }

    private static int Length((int Start, int End) window) => window.End - window.Start;

    private static string Joined(ReadOnlySpan<char> text, IReadOnlyList<(int Start, int End)> windows, int first, int count)
    {
        var length = count - 1;
        for (var i = first; i < first + count; i++)
        {
            length += Length(windows[i]);
        }

        var joined = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var at = 0;
            for (var i = first; i < first + count; i++)
            {
                if (i > first)
                {
                    joined[at++] = '\n';
                }

                text[windows[i].Start..windows[i].End].CopyTo(joined.AsSpan(at));
                at += Length(windows[i]);
            }

            return new string(joined, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(joined);
        }
    }
}

/// <summary>A line that holds a keyword of a pattern: where the line starts, and the pattern (its index in a list).</summary>
public readonly record struct KeywordLine(int Start, int Pattern);

/// <summary>
/// The keywords of a list of patterns (matched ignoring case), searched for several patterns at once: one vectorised
/// search for the keywords of a group of patterns finds the lines with a hit, and only those lines are asked which of
/// the group's patterns they hold. Searching pattern by pattern read every text once per pattern (17 passes for SEC001).
/// Groups are filled in the patterns' order up to <see cref="MaxKeywordsPerSearch"/> keywords. A pattern with a
/// one-character keyword (SEC001's '@') is searched alone: that character is on so many lines that a group searched
/// with it would stop on most of them.
/// </summary>
public sealed class PatternKeywords
{
    /// <summary>
    /// How many keywords one search holds at most. The framework's search slows down by several times per character
    /// past a few dozen strings: over pytorch-lightning's 7.5 M characters of text, SEC001's keywords took 12 ms in
    /// 17 searches, 7-9 ms in three (32, 17 and 1 keywords), 20 ms in two (46 and 1) and 40 ms in one (50).
    /// </summary>
    public const int MaxKeywordsPerSearch = 32;

    // Each pattern's own keywords, to tell which patterns a line with a hit holds.
    private readonly SearchValues<string>[] _patterns;
    // The searches that are run over the text: the union of a group's keywords, and the patterns in the group.
    private readonly (SearchValues<string> Any, int[] Patterns)[] _groups;

    public PatternKeywords(IReadOnlyList<IReadOnlyList<string>> keywords)
    {
        _patterns = [.. keywords.Select(Create)];
        var groups = new List<(SearchValues<string>, int[])>();
        var members = new List<int>();
        var union = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Close()
        {
            if (members.Count > 0)
            {
                groups.Add((Create([.. union]), [.. members]));
                members.Clear();
                union.Clear();
            }
        }

        for (var pattern = 0; pattern < keywords.Count; pattern++)
        {
            if (keywords[pattern].Any(keyword => keyword.Length == 1))
            {
                groups.Add((_patterns[pattern], [pattern]));
                continue;
            }

            if (union.Count + keywords[pattern].Count(keyword => !union.Contains(keyword)) > MaxKeywordsPerSearch)
            {
                Close();
            }

            members.Add(pattern);
            union.UnionWith(keywords[pattern]);
        }

        Close();
        _groups = [.. groups];
    }

    /// <summary>How many patterns: a <see cref="KeywordLine"/>'s pattern is an index below it.</summary>
    public int Count => _patterns.Length;

    private static SearchValues<string> Create(IReadOnlyList<string> keywords) =>
        SearchValues.Create(keywords.ToArray(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the lines of <c>text[from..to]</c> (whole lines: <paramref name="from"/> starts one, <paramref name="to"/>
    /// ends one) that hold a keyword of each pattern; the rest of a line with a hit is not searched. Each pattern's
    /// lines are added in order (the patterns' lines interleave).
    /// </summary>
    public void Search(ReadOnlySpan<char> text, int from, int to, List<KeywordLine> lines)
    {
        foreach (var (any, patterns) in _groups)
        {
            var at = from;
            while (at < to)
            {
                var hit = text[at..to].IndexOfAny(any);
                if (hit < 0)
                {
                    break;
                }

                hit += at;
                var start = text[from..hit].LastIndexOf('\n') + 1 + from;
                var newline = text[hit..to].IndexOf('\n');
                var end = newline < 0 ? to : hit + newline;
                foreach (var pattern in patterns)
                {
                    // A keyword holds no line break, so the line holds one of the pattern's keywords or none.
                    if (patterns.Length == 1 || text[start..end].ContainsAny(_patterns[pattern]))
                    {
                        lines.Add(new KeywordLine(start, pattern));
                    }
                }

                at = newline < 0 ? to : end + 1;
            }
        }
    }
}

/// <summary>
/// The lines of one version of a file that hold keywords of each pattern, and that version's UTF-8 bytes. A keyword
/// never holds a line break, so whether a line holds one depends on that line alone: the next version of the file
/// shares a first and a last stretch of whole lines with this one (whatever it changed lies between), takes their
/// keyword lines from here and searches only the lines between. Lines are compared as bytes, which take half the room
/// of characters; a line break ends any UTF-8 sequence, so the same bytes up to (or after) a break decode to the same
/// characters, in the same places. The bytes are a copy in a pooled buffer: dispose it.
/// </summary>
public sealed class KeywordLines : IDisposable
{
    private byte[] _buffer;
    private readonly int _length;

    public KeywordLines(ReadOnlySpan<byte> bytes, int chars, List<KeywordLine> lines)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(_buffer);
        _length = bytes.Length;
        Chars = chars;
        // Kept until the file's next version is scanned, often long after: exactly sized, not the list's spare room.
        lines.TrimExcess();
        Lines = lines;
    }

    /// <summary>The lines holding keywords, each pattern's in order (the patterns' lines interleave).</summary>
    public List<KeywordLine> Lines { get; }

    /// <summary>How many bytes it holds on to (a pooled buffer may be up to twice the bytes it holds).</summary>
    public int Size => _buffer.Length;

    /// <summary>
    /// The keyword lines of <paramref name="text"/>, decoded from <paramref name="bytes"/>: the lines it shares whole
    /// with the start or the end of <paramref name="previous"/> (another version of the same file, searched for the
    /// same keywords) are taken from it, the others are searched. <paramref name="searched"/> says how many
    /// characters were.
    /// </summary>
    public static List<KeywordLine> Find(ReadOnlySpan<byte> bytes, ReadOnlySpan<char> text, PatternKeywords keywords, KeywordLines? previous, out int searched)
    {
        // A version of a file has about as many keyword lines as the one before it.
        var lines = new List<KeywordLine>(previous?.Lines.Count ?? 0);
        if (previous is null)
        {
            keywords.Search(text, 0, text.Length, lines);
            searched = text.Length;
            return lines;
        }

        // Lines before `first` end (with their break) inside the common prefix; lines after `last` start (after a break)
        // inside the common suffix, `shift` characters from where they were. What lies between is searched.
        var old = previous.Bytes;
        var prefix = bytes.CommonPrefixLength(old);
        var suffix = CommonSuffixLength(bytes[prefix..], old[prefix..]);
        var firstByte = bytes[..prefix].LastIndexOf((byte)'\n') + 1;
        var first = Encoding.UTF8.GetCharCount(bytes[..firstByte]);
        var breakInSuffix = bytes[(bytes.Length - suffix)..].IndexOf((byte)'\n');
        var last = breakInSuffix < 0 ? text.Length : text.Length - Encoding.UTF8.GetCharCount(bytes[(bytes.Length - suffix + breakInSuffix)..]);
        var shift = previous.Chars - text.Length;
        lines.AddRange(previous.Lines.Where(line => line.Start < first));
        keywords.Search(text, first, last, lines);
        lines.AddRange(previous.Lines.Where(line => line.Start - shift > last).Select(line => line with { Start = line.Start - shift }));
        searched = last - first;
        return lines;
    }

    private ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    private int Chars { get; }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static int CommonSuffixLength(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        const int Step = 64;
        var most = Math.Min(a.Length, b.Length);
        var length = 0;
        while (length + Step <= most && a[^(length + Step)..^length].SequenceEqual(b[^(length + Step)..^length]))
        {
            length += Step;
        }

        while (length < most && a[^(length + 1)] == b[^(length + 1)])
        {
            length++;
        }

        return length;
    }
}
