using System.Text;
using HandlebarsDotNet;

namespace RepoAudit.Core.Reports;

/// <summary>
/// Makes text from the audited repository (file names, commit subjects, notebook lines, custom rule texts) inert in
/// GitHub-flavoured Markdown: it renders as the same characters and cannot open a table cell, a heading, a list,
/// emphasis, a link, math, a mention or an HTML tag (so no `&lt;/details&gt;` can close a block early).
/// </summary>
public static class MarkdownText
{
    /// <summary>Inline text: one line, every construct neutralised. Safe in paragraphs, list items and table cells.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 16);
        // Leading spaces could make an indented code block at the start of a line; one is harmless and keeps words apart.
        var line = OneLine(text);
        var indent = line.Length - line.TrimStart().Length;
        line = indent > 1 ? " " + line.TrimStart() : line;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            switch (ch)
            {
                // Entities rather than backslashes for HTML's characters: they also hold inside raw HTML blocks,
                // where Markdown backslash escapes are not processed.
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                // An ampersand only matters where it would spell an entity; elsewhere it stays readable.
                case '&' when EntityLike(line, i): sb.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '~' or '$':
                    sb.Append('\\').Append(ch);
                    break;
                case '@' when i + 1 < line.Length && (char.IsAsciiLetterOrDigit(line[i + 1]) || line[i + 1] == '-'):
                    // A word joiner keeps "@name" from notifying that GitHub user whenever the report is posted.
                    sb.Append('@').Append('\u2060');
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        // A value at the start of a line could still open a list item ("- ", "1. "), a thematic break or a setext heading.
        var first = sb.Length > 0 && sb[0] == ' ' ? 1 : 0;
        var digits = LeadingDigits(sb, first);
        bool SpaceOrEnd(int at) => at >= sb.Length || sb[at] == ' ';
        if (first < sb.Length && ((sb[first] is '-' or '+' && SpaceOrEnd(first + 1)) || sb.ToString(first, sb.Length - first).Trim().All(ch => ch is '-' or '=')))
        {
            sb.Insert(first, '\\');
        }
        else if (digits > first && digits < sb.Length && sb[digits] is '.' or ')' && SpaceOrEnd(digits + 1))
        {
            sb.Insert(digits, '\\');
        }

        return sb.ToString();
    }

    /// <summary>An inline code span that holds any text: the fence is longer than any backtick run inside it.</summary>
    public static string Code(string? text)
    {
        var content = OneLine(text ?? "");
        if (content.Length == 0)
        {
            return "";
        }

        var fence = new string('`', LongestRun(content, '`') + 1);
        var pad = content[0] == '`' || content[^1] == '`' || (content[0] == ' ' && content[^1] == ' ') ? " " : "";
        return $"{fence}{pad}{content}{pad}{fence}";
    }

    /// <summary>A fenced code block that no line of the code can close early.</summary>
    public static string Fence(string? code, string? language)
    {
        var body = (code ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var fence = new string('`', Math.Max(3, LongestRun(body, '`') + 1));
        var info = new string((language ?? "").Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '+' or '_').ToArray());
        return $"{fence}{info}\n{body}\n{fence}";
    }

    /// <summary>Text for a raw HTML context such as a `&lt;summary&gt;` line, where Markdown is not parsed.</summary>
    public static string Html(string? text) =>
        OneLine(text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            // Line breaks would end a table row or start a new block; other control characters have no business here.
            sb.Append(ch is '\n' or '\r' or '\t' || char.IsControl(ch) ? ' ' : ch);
        }

        return sb.ToString();
    }

    private static int LongestRun(string text, char ch)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == ch ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static bool EntityLike(string text, int at)
    {
        var i = at + 1;
        if (i < text.Length && text[i] == '#')
        {
            i++;
        }

        var start = i;
        while (i < text.Length && i - start < 32 && char.IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }

        return i > start && i < text.Length && text[i] == ';';
    }

    private static int LeadingDigits(StringBuilder sb, int from)
    {
        var i = from;
        while (i < sb.Length && char.IsAsciiDigit(sb[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>The Markdown template's `{{ }}` encoder, so that a value is neutralised unless a template asks otherwise.</summary>
    internal sealed class Encoder : ITextEncoder
    {
        public void Encode(StringBuilder? text, TextWriter target) => target.Write(Escape(text?.ToString()));

        public void Encode(string? text, TextWriter target) => target.Write(Escape(text));

        public void Encode<T>(T? text, TextWriter target)
            where T : IEnumerator<char>
        {
            var sb = new StringBuilder();
            while (text is not null && text.MoveNext())
            {
                sb.Append(text.Current);
            }

            target.Write(Escape(sb.ToString()));
        }
    }
}
