using System.Buffers;
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
    public static List<(int Start, int End)> Find(ReadOnlySpan<char> text, SearchValues<string> keywords, int linesAfter)
    {
        var windows = new List<(int Start, int End)>();
        var from = 0;
        while (from < text.Length)
        {
            var hit = text[from..].IndexOfAny(keywords);
            if (hit < 0)
            {
                break;
            }

            hit += from;
            var start = text[..hit].LastIndexOf('\n') + 1;
            var end = hit;
            for (var line = 0; line <= linesAfter && end < text.Length; line++)
            {
                var newline = text[end..].IndexOf('\n');
                end = newline < 0 ? text.Length : end + newline + (line < linesAfter ? 1 : 0);
            }

            windows.Add((start, end));
            from = Math.Max(end, hit + 1);
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
