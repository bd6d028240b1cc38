using System.Text;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Reports;

/// <summary>A run of inline text: plain, code, strong, or a link (the href is always an absolute http(s) URL).</summary>
public sealed record TextSpan(string Text, bool IsCode = false, bool IsStrong = false, string? Href = null);

/// <summary>One item of a list.</summary>
public sealed record TextListItem(IReadOnlyList<TextSpan> Spans);

/// <summary>A paragraph, a list or a code block of a rule's `why`/`fix` text.</summary>
public sealed record TextBlock(
    IReadOnlyList<TextSpan> Spans,
    IReadOnlyList<TextListItem> Items,
    string? Code,
    string? Language,
    bool IsOrdered)
{
    public bool IsParagraph => Code is null && Items.Count == 0;
    public bool IsList => Items.Count > 0;
    public bool IsCode => Code is not null;
}

/// <summary>
/// Reads the small Markdown subset that rule texts use (paragraphs, lists, fenced code, `code`, **strong**, links)
/// into plain blocks and spans. The templates rebuild the markup from these pieces with their own escaping, so a
/// rule text from a custom pack can never smuggle raw HTML or Markdown structure into a report; anything outside
/// the subset comes out as the literal text it was.
/// </summary>
public static partial class RuleText
{
    public static IReadOnlyList<TextBlock> Parse(string? markdown)
    {
        var blocks = new List<TextBlock>();
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return blocks;
        }

        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                i++;
                continue;
            }

            if (Fence().Match(line) is { Success: true } fence)
            {
                blocks.Add(ReadCode(lines, ref i, fence));
                continue;
            }

            if (ListMarker().IsMatch(line))
            {
                blocks.Add(ReadList(lines, ref i));
                continue;
            }

            var paragraph = new List<string>();
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !Fence().IsMatch(lines[i]) && (paragraph.Count == 0 || !ListMarker().IsMatch(lines[i])))
            {
                paragraph.Add(Heading().Replace(lines[i].Trim(), ""));
                i++;
            }

            blocks.Add(new TextBlock(Inline(string.Join(' ', paragraph)), [], null, null, false));
        }

        return blocks;
    }

    /// <summary>The text without markup, on one line: for places that show a rule text in a sentence.</summary>
    public static string Plain(IEnumerable<TextSpan> spans) => string.Concat(spans.Select(span => span.Text));

    private static TextBlock ReadCode(string[] lines, ref int i, Match fence)
    {
        var indent = fence.Groups["indent"].Length;
        var marker = fence.Groups["fence"].Value;
        var language = fence.Groups["info"].Value.Trim().Split(' ', 2)[0];
        var code = new List<string>();
        i++;
        while (i < lines.Length)
        {
            var trimmed = lines[i].TrimStart(' ');
            // Only a run of the same character, at least as long, closes a fence, as in CommonMark: a ```` block may hold ``` lines.
            if (lines[i].Length - trimmed.Length <= 3 && trimmed.TrimEnd().Length >= marker.Length && trimmed.TrimEnd().All(ch => ch == marker[0]))
            {
                i++;
                break;
            }

            var line = lines[i];
            var strip = 0;
            while (strip < indent && strip < line.Length && line[strip] == ' ')
            {
                strip++;
            }

            code.Add(line[strip..]);
            i++;
        }

        return new TextBlock([], [], string.Join('\n', code).TrimEnd('\n'), SafeLanguage(language), false);
    }

    private static TextBlock ReadList(string[] lines, ref int i)
    {
        var items = new List<TextListItem>();
        var ordered = char.IsAsciiDigit(lines[i].TrimStart()[0]);
        while (i < lines.Length)
        {
            var marker = ListMarker().Match(lines[i]);
            if (!marker.Success || char.IsAsciiDigit(marker.Groups["marker"].Value[0]) != ordered)
            {
                break;
            }

            var text = new StringBuilder(marker.Groups["text"].Value.Trim());
            i++;
            // Continuation lines belong to the item until a blank line, a fence or the next marker.
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !ListMarker().IsMatch(lines[i]) && !Fence().IsMatch(lines[i]))
            {
                text.Append(' ').Append(lines[i].Trim());
                i++;
            }

            items.Add(new TextListItem(Inline(text.ToString())));

            // A blank line inside a list is fine when the list goes on after it.
            var next = i;
            while (next < lines.Length && string.IsNullOrWhiteSpace(lines[next]))
            {
                next++;
            }

            if (next < lines.Length && ListMarker().IsMatch(lines[next]))
            {
                i = next;
            }
            else
            {
                break;
            }
        }

        return new TextBlock([], items, null, null, ordered);
    }

    /// <summary>Splits a paragraph into code spans, strong text, http(s) links and plain text.</summary>
    public static IReadOnlyList<TextSpan> Inline(string text)
    {
        var spans = new List<TextSpan>();
        var plain = new StringBuilder();

        void Flush()
        {
            if (plain.Length > 0)
            {
                spans.Add(new TextSpan(plain.ToString()));
                plain.Clear();
            }
        }

        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '`')
            {
                var run = 0;
                while (i + run < text.Length && text[i + run] == '`')
                {
                    run++;
                }

                var close = FindRun(text, i + run, run);
                if (close >= 0)
                {
                    Flush();
                    var code = text[(i + run)..close];
                    if (code.Length > 1 && code[0] == ' ' && code[^1] == ' ' && code.Trim().Length > 0)
                    {
                        code = code[1..^1];
                    }

                    spans.Add(new TextSpan(code, IsCode: true));
                    i = close + run;
                    continue;
                }

                plain.Append(text, i, run);
                i += run;
                continue;
            }

            if (ch == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("**", i + 2, StringComparison.Ordinal);
                if (close > i + 2)
                {
                    Flush();
                    spans.Add(new TextSpan(text[(i + 2)..close], IsStrong: true));
                    i = close + 2;
                    continue;
                }
            }

            if (ch == '[' && Link().Match(text, i) is { Success: true } link && link.Index == i)
            {
                var href = SafeUrl(link.Groups["url"].Value);
                Flush();
                spans.Add(href is null ? new TextSpan(link.Groups["text"].Value) : new TextSpan(link.Groups["text"].Value, Href: href));
                i += link.Length;
                continue;
            }

            plain.Append(ch);
            i++;
        }

        Flush();
        return spans;
    }

    /// <summary>An absolute http(s) URL in a form that is safe in an HTML attribute and a Markdown link; anything else is null.</summary>
    public static string? SafeUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        // AbsoluteUri percent-encodes spaces, quotes and angle brackets; parentheses would end a Markdown link early.
        return uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);
    }

    private static int FindRun(string text, int from, int length)
    {
        var i = from;
        while (i < text.Length)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            var run = 0;
            while (i + run < text.Length && text[i + run] == '`')
            {
                run++;
            }

            if (run == length)
            {
                return i;
            }

            i += run;
        }

        return -1;
    }

    private static string? SafeLanguage(string language)
    {
        var safe = new string(language.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '+' or '_' or '#').ToArray());
        return safe.Length == 0 ? null : safe;
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^ {0,3}(?<marker>[-*+]|\d{1,9}[.)])[ \t]+(?<text>.*)$")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^#{1,6}\s+")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\[\]\n]+)\]\((?<url>[^()\s]+)\)")]
    private static partial Regex Link();
}
