namespace RepoAudit.Core.Snapshot;

/// <summary>
/// One .gitignore line, matched segment by segment without a regular expression, so that no line can make matching
/// slow or throw: a name segment is matched by a two-pointer wildcard walk (O(name × segment)), and `**` by dynamic
/// programming over path segments (O(path segments × pattern segments)). A line git cannot use (a reversed range such
/// as `[z-a]`, an unclosed `[`, an unknown `[:class:]`, or a line longer than <see cref="MaxLength"/>) is not a pattern:
/// <see cref="Parse"/> says why, and the caller skips it.
/// </summary>
public sealed class GitignorePattern
{
    /// <summary>Longer lines are skipped: no real .gitignore needs them, and they would make every match costly.</summary>
    public const int MaxLength = 4096;

    private readonly Segment[] _segments;
    private readonly bool _anchored;
    private readonly bool _folderOnly;

    private GitignorePattern(string text, int line, Segment[] segments, bool anchored, bool negated, bool folderOnly)
    {
        Text = text;
        Line = line;
        _segments = segments;
        _anchored = anchored;
        Negated = negated;
        _folderOnly = folderOnly;
    }

    /// <summary>The line as written in the .gitignore (trailing spaces trimmed), for evidence.</summary>
    public string Text { get; }

    /// <summary>The 1-based line number in its .gitignore.</summary>
    public int Line { get; }

    public bool Negated { get; }

    /// <summary>
    /// The pattern of one line; null for a blank line or a comment, and also null, with <paramref name="problem"/> set,
    /// for a line that git cannot use as a pattern.
    /// </summary>
    public static GitignorePattern? Parse(string line, int lineNumber, out string? problem)
    {
        problem = null;
        if (line.Length > MaxLength)
        {
            problem = $"longer than {MaxLength} characters";
            return null;
        }

        var text = TrimTrailingSpaces(line);
        if (text.Length == 0 || text.StartsWith('#'))
        {
            return null;
        }

        var original = text;
        var negated = false;
        if (text.StartsWith('!'))
        {
            negated = true;
            text = text[1..];
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        var folderOnly = text.EndsWith('/');
        text = text.TrimEnd('/');
        if (text.Length == 0)
        {
            return null;
        }

        // A slash anywhere but the end anchors the pattern to the .gitignore's folder.
        var anchored = text.Contains('/');
        var parts = text.TrimStart('/').Split('/');
        var segments = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] == "**")
            {
                // "a/**" matches everything inside a (one or more segments); "**/b" and "a/**/b" zero or more folders.
                segments[i] = i == parts.Length - 1 ? Segment.OneOrMore : Segment.ZeroOrMore;
                continue;
            }

            var tokens = Tokenize(parts[i], out problem);
            if (tokens is null)
            {
                return null;
            }

            segments[i] = new Segment(tokens);
        }

        return new GitignorePattern(original, lineNumber, segments, anchored, negated, folderOnly);
    }

    /// <summary>Does the pattern match <paramref name="path"/>'s segments from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive)?</summary>
    public bool Matches(IReadOnlyList<string> path, int start, int end, bool isFolder)
    {
        if ((_folderOnly && !isFolder) || end <= start)
        {
            return false;
        }

        if (!_anchored)
        {
            // No slash: the pattern is one segment and matches the name at any depth.
            return _segments[0].Kind == SegmentKind.Name ? _segments[0].Matches(path[end - 1]) : true;
        }

        // reachable[j]: the pattern segments seen so far can consume path segments start..start+j exactly.
        var count = end - start;
        var reachable = new bool[count + 1];
        var next = new bool[count + 1];
        reachable[0] = true;
        foreach (var segment in _segments)
        {
            Array.Clear(next);
            var seen = false;
            for (var j = 0; j <= count; j++)
            {
                switch (segment.Kind)
                {
                    case SegmentKind.ZeroOrMore:
                        seen |= reachable[j];
                        next[j] = seen;
                        break;
                    case SegmentKind.OneOrMore:
                        next[j] = seen;
                        seen |= reachable[j];
                        break;
                    default:
                        if (j < count && reachable[j] && segment.Matches(path[start + j]))
                        {
                            next[j + 1] = true;
                        }

                        break;
                }
            }

            (reachable, next) = (next, reachable);
        }

        return reachable[count];
    }

    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        return line[..end].Replace("\\ ", " ", StringComparison.Ordinal);
    }

    private static Token[]? Tokenize(string glob, out string? problem)
    {
        problem = null;
        var tokens = new List<Token>();
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                    {
                        tokens.Add(Token.Star);
                    }

                    break;
                case '?':
                    tokens.Add(Token.AnyChar);
                    break;
                case '[':
                    var set = CharSet.Parse(glob, i, out var close, out problem);
                    if (set is null)
                    {
                        return null;
                    }

                    tokens.Add(new Token(TokenKind.Set, '\0', set));
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    tokens.Add(Token.Literal(glob[++i]));
                    break;
                default:
                    tokens.Add(Token.Literal(glob[i]));
                    break;
            }
        }

        return tokens.ToArray();
    }

    private enum SegmentKind
    {
        Name,
        ZeroOrMore,
        OneOrMore,
    }

    private sealed class Segment(Token[] tokens, SegmentKind kind = SegmentKind.Name)
    {
        public static readonly Segment ZeroOrMore = new([], SegmentKind.ZeroOrMore);
        public static readonly Segment OneOrMore = new([], SegmentKind.OneOrMore);

        public SegmentKind Kind { get; } = kind;

        /// <summary>Wildcard match of one name: on a mismatch, retry from the last '*' one character further on.</summary>
        public bool Matches(string name)
        {
            int p = 0, n = 0, star = -1, starName = 0;
            while (n < name.Length)
            {
                if (p < tokens.Length && tokens[p].Kind == TokenKind.Star)
                {
                    star = p++;
                    starName = n;
                }
                else if (p < tokens.Length && tokens[p].Matches(name[n]))
                {
                    p++;
                    n++;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    n = ++starName;
                }
                else
                {
                    return false;
                }
            }

            while (p < tokens.Length && tokens[p].Kind == TokenKind.Star)
            {
                p++;
            }

            return p == tokens.Length;
        }
    }

    private enum TokenKind
    {
        Literal,
        AnyChar,
        Star,
        Set,
    }

    private readonly record struct Token(TokenKind Kind, char Char, CharSet? Set)
    {
        public static Token Star => new(TokenKind.Star, '\0', null);

        public static Token AnyChar => new(TokenKind.AnyChar, '\0', null);

        public static Token Literal(char c) => new(TokenKind.Literal, c, null);

        public bool Matches(char c) => Kind switch
        {
            TokenKind.Literal => c == Char,
            TokenKind.AnyChar => true,
            TokenKind.Set => Set!.Contains(c),
            _ => false,
        };
    }

    /// <summary>A bracket expression: `[abc]`, `[a-z]`, `[!0-9]` or `[^0-9]`, `[[:digit:]]`, `\]` escapes.</summary>
    private sealed class CharSet(List<(char Low, char High)> ranges, List<Func<char, bool>> classes, bool negated)
    {
        private static readonly Dictionary<string, Func<char, bool>> Classes = new(StringComparer.Ordinal)
        {
            ["alnum"] = char.IsAsciiLetterOrDigit,
            ["alpha"] = char.IsAsciiLetter,
            ["blank"] = c => c is ' ' or '\t',
            ["cntrl"] = char.IsControl,
            ["digit"] = char.IsAsciiDigit,
            ["graph"] = c => c > ' ' && c < '\x7f',
            ["lower"] = char.IsAsciiLetterLower,
            ["print"] = c => c >= ' ' && c < '\x7f',
            ["punct"] = c => c > ' ' && c < '\x7f' && !char.IsAsciiLetterOrDigit(c),
            ["space"] = c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
            ["upper"] = char.IsAsciiLetterUpper,
            ["xdigit"] = char.IsAsciiHexDigit,
        };

        public bool Contains(char c) =>
            negated != (ranges.Exists(r => r.Low <= c && c <= r.High) || classes.Exists(test => test(c)));

        public static CharSet? Parse(string glob, int open, out int close, out string? problem)
        {
            problem = null;
            var ranges = new List<(char, char)>();
            var classes = new List<Func<char, bool>>();
            var i = open + 1;
            var negated = i < glob.Length && glob[i] is '!' or '^';
            if (negated)
            {
                i++;
            }

            var first = true;
            for (; i < glob.Length; i++, first = false)
            {
                var c = glob[i];
                if (c == ']' && !first)
                {
                    close = i;
                    return new CharSet(ranges, classes, negated);
                }

                if (c == '[' && i + 1 < glob.Length && glob[i + 1] == ':')
                {
                    var end = glob.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    var name = end < 0 ? "" : glob[(i + 2)..end];
                    if (!Classes.TryGetValue(name, out var test))
                    {
                        close = -1;
                        problem = end < 0 ? "'[:' is never closed with ':]'" : $"unknown character class [:{name}:]";
                        return null;
                    }

                    classes.Add(test);
                    i = end + 1;
                    continue;
                }

                if (c == '\\' && i + 1 < glob.Length)
                {
                    c = glob[++i];
                }

                if (i + 2 < glob.Length && glob[i + 1] == '-' && glob[i + 2] != ']')
                {
                    var high = glob[i + 2];
                    i += 2;
                    if (high == '\\' && i + 1 < glob.Length)
                    {
                        high = glob[++i];
                    }

                    if (high < c)
                    {
                        close = -1;
                        problem = $"range {c}-{high} is in reverse order";
                        return null;
                    }

                    ranges.Add((c, high));
                    continue;
                }

                ranges.Add((c, c));
            }

            close = -1;
            problem = "'[' is never closed with ']'";
            return null;
        }
    }
}
