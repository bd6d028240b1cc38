using System.Buffers;
using System.Globalization;

namespace RepoAudit.Core.Checks;

/// <summary>
/// The literal strings a regex cannot match without: every match contains at least one of them. Looking for a handful
/// of strings is a vectorised scan (<see cref="SearchValues{T}"/>), tens of times cheaper than running the regex, and
/// most files hold none of a rule's words; the regex then runs only on the files that do. This is how ripgrep and
/// RE2 keep many patterns cheap, and it never changes a verdict: a file without any of the literals cannot match.
/// <para>
/// The literals are read from the pattern's own syntax tree, conservatively: whatever the reader does not understand
/// (a character class, `.`, a backreference, a conditional) is "anything", and a pattern that needs nothing certain, or
/// only strings shorter than <see cref="MinimumLength"/>, gets no prefilter and always runs. Inside `(?i)` the search
/// ignores case, and a letter whose case partners are not one ASCII pair (k, s and i have Unicode partners such as the
/// Kelvin sign) also counts as "anything".
/// </para>
/// </summary>
public sealed class LiteralPrefilter
{
    /// <summary>Shorter literals are in nearly every file, so searching for them first would only add work.</summary>
    public const int MinimumLength = 3;

    // An exact set larger than this is treated as unknown, which keeps the cross products of concatenations small.
    private const int MaxExactSize = 64;

    // A required set larger than this is not worth searching for: a big alternation of names is still a few hundred.
    private const int MaxRequiredSize = 1024;

    private readonly SearchValues<string> _values;

    private LiteralPrefilter(IReadOnlyCollection<string> literals, bool ignoreCase, bool lineLocal)
    {
        Literals = literals;
        IgnoreCase = ignoreCase;
        LineLocal = lineLocal;
        _values = SearchValues.Create([.. literals], ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The strings of which every match contains one.</summary>
    public IReadOnlyCollection<string> Literals { get; }

    public bool IgnoreCase { get; }

    /// <summary>
    /// True when no match can span a line break: nothing in the pattern matches `\n`, and nothing anchors to the
    /// start or end of the whole input (`\A`, `\z`). Every match then lies on one line that holds one of the
    /// literals, so the regex need only run on those lines, with the same matches at the same offsets.
    /// </summary>
    public bool LineLocal { get; }

    /// <summary>
    /// The lines (start, length, ending after their `\n`) that hold a literal, in order; for <see cref="LineLocal"/>
    /// patterns, the only places a match can be.
    /// </summary>
    public IEnumerable<(int Start, int Length)> CandidateLines(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var hit = text.AsSpan(at).IndexOfAny(_values);
            if (hit < 0)
            {
                yield break;
            }

            hit += at;
            var start = hit == 0 ? 0 : text.LastIndexOf('\n', hit - 1) + 1;
            var end = text.IndexOf('\n', hit);
            end = end < 0 ? text.Length : end + 1;
            yield return (start, end - start);
            at = end;
        }
    }

    /// <summary>False when the text holds none of the literals, so the pattern cannot match it.</summary>
    public bool MayMatch(ReadOnlySpan<char> text) => text.IndexOfAny(_values) >= 0;

    /// <summary>The prefilter of a .NET pattern (compiled without RegexOptions.IgnoreCase), or null when it has none.</summary>
    public static LiteralPrefilter? For(string pattern)
    {
        var reader = new PatternReader(pattern);
        Node root;
        try
        {
            root = reader.ReadAll();
        }
        catch (UnreadablePatternException)
        {
            return null;
        }

        var literals = root.Required ?? root.Exact;
        if (literals is null || literals.Count == 0 || literals.Any(literal => literal.Length < MinimumLength))
        {
            return null;
        }

        // A string that contains another of the set adds nothing: wherever it is, the shorter one is too.
        var minimal = literals.Where(literal => !literals.Any(other => other.Length < literal.Length && literal.Contains(other, StringComparison.Ordinal))).ToList();
        return new LiteralPrefilter(minimal, reader.SawIgnoreCase, !reader.MayCrossLines);
    }

    /// <summary>
    /// What is known of the strings a piece of pattern matches: <see cref="Exact"/>, the whole finite set of them; and
    /// <see cref="Required"/>, strings of which each match contains one. Null means nothing is known.
    /// </summary>
    private sealed record Node(HashSet<string>? Exact, HashSet<string>? Required)
    {
        public static readonly Node Unknown = new(null, null);

        /// <summary>A zero-width assertion (`^`, `\b`, a lookaround): it matches the empty string only.</summary>
        public static readonly Node Empty = new([""], null);

        public static Node Literal(string text) => new([text], [text]);
    }

    private sealed class UnreadablePatternException : Exception;

    /// <summary>A recursive-descent reader for the .NET regex syntax the rules use, turning each piece into a <see cref="Node"/>.</summary>
    private sealed class PatternReader(string pattern)
    {
        private int _at;

        public bool SawIgnoreCase { get; private set; }

        /// <summary>Whether some piece may match a line break, or anchors to the whole input (`\A`, `\z`, `\Z`, `\G`).</summary>
        public bool MayCrossLines { get; private set; }

        public Node ReadAll()
        {
            var node = Alternation(new Flags(false, false, false));
            if (_at != pattern.Length)
            {
                throw new UnreadablePatternException();
            }

            return node;
        }

        private readonly record struct Flags(bool IgnoreCase, bool Extended, bool Singleline);

        private Node Alternation(Flags flags)
        {
            var branches = new List<Node> { Sequence(ref flags) };
            while (_at < pattern.Length && pattern[_at] == '|')
            {
                _at++;
                branches.Add(Sequence(ref flags));
            }

            return branches.Count == 1 ? branches[0] : Union(branches);
        }

        /// <summary>A branch: pieces up to `|` or `)`. Inline options such as `(?i)` change the flags for the rest of the group.</summary>
        private Node Sequence(ref Flags flags)
        {
            var pieces = new List<Node>();
            while (_at < pattern.Length && pattern[_at] is not ('|' or ')'))
            {
                if (flags.Extended && SkipExtendedSpace())
                {
                    continue;
                }

                var atom = Atom(ref flags);
                if (atom is null)
                {
                    continue; // an inline option or a comment
                }

                pieces.Add(Quantified(atom, flags));
            }

            return Concatenate(pieces);
        }

        private bool SkipExtendedSpace()
        {
            var c = pattern[_at];
            if (char.IsWhiteSpace(c))
            {
                _at++;
                return true;
            }

            if (c == '#')
            {
                var end = pattern.IndexOf('\n', _at);
                _at = end < 0 ? pattern.Length : end + 1;
                return true;
            }

            return false;
        }

        private Node? Atom(ref Flags flags)
        {
            var c = pattern[_at++];
            switch (c)
            {
                case '^' or '$':
                    return Node.Empty;
                case '.':
                    MayCrossLines |= flags.Singleline;
                    return Node.Unknown;
                case '[':
                    MayCrossLines |= ClassMayMatchNewline();
                    return Node.Unknown;
                case '\\':
                    return Escape(flags);
                case '(':
                    return Group(ref flags);
                case '*' or '+' or '?':
                    throw new UnreadablePatternException(); // a quantifier with nothing before it
                case '{' when QuantifierAhead(_at - 1):
                    throw new UnreadablePatternException();
                default:
                    return Char(c, flags);
            }
        }

        private Node Char(char c, Flags flags)
        {
            MayCrossLines |= c == '\n';
            if (!flags.IgnoreCase || !char.IsLetter(c))
            {
                return Node.Literal(c.ToString());
            }

            // Under (?i) a letter matches its case partners; only plain ASCII letters have exactly one, which an
            // ordinal ignore-case search finds too.
            SawIgnoreCase = true;
            return char.IsAscii(c) && char.ToLowerInvariant(c) is not ('k' or 's' or 'i') ? Node.Literal(c.ToString()) : Node.Unknown;
        }

        private Node Escape(Flags flags)
        {
            if (_at >= pattern.Length)
            {
                throw new UnreadablePatternException();
            }

            var c = pattern[_at++];
            switch (c)
            {
                case 'b' or 'B':
                    return Node.Empty;
                case 'A' or 'z' or 'Z' or 'G':
                    MayCrossLines = true; // anchored to the whole input, which a single line is not
                    return Node.Empty;
                case 'n':
                    return Char('\n', flags);
                case 't':
                    return Node.Literal("\t");
                case 'r':
                    return Node.Literal("\r");
                case 'f':
                    return Node.Literal("\f");
                case 'v':
                    return Node.Literal("\v");
                case 'e':
                    return Node.Literal("\u001B");
                case 'x':
                    return Char((char)Hex(2), flags);
                case 'u':
                    return Char((char)Hex(4), flags);
                case 'p' or 'P':
                    MayCrossLines = true; // a Unicode category: not worth working out whether it holds \n
                    if (_at < pattern.Length && pattern[_at] == '{')
                    {
                        var close = pattern.IndexOf('}', _at);
                        _at = close < 0 ? throw new UnreadablePatternException() : close + 1;
                    }

                    return Node.Unknown;
                case 'k':
                    // A named backreference: \k<name> or \k'name'. What it repeats might hold a line break.
                    MayCrossLines = true;
                    var end = _at < pattern.Length && pattern[_at] is '<' or '\''
                        ? pattern.IndexOfAny(['>', '\''], _at + 1)
                        : -1;
                    _at = end < 0 ? throw new UnreadablePatternException() : end + 1;
                    return Node.Unknown;
                case 'c':
                    _at++; // a control character
                    MayCrossLines = true;
                    return Node.Unknown;
                case >= '0' and <= '9':
                    // A backreference or an octal escape: which one depends on the groups, so it is not read.
                    MayCrossLines = true;
                    while (_at < pattern.Length && char.IsAsciiDigit(pattern[_at]))
                    {
                        _at++;
                    }

                    return Node.Unknown;
                default:
                    // \d \w \s and their negations are classes; any other letter escape is not something to guess at.
                    if (char.IsAsciiLetter(c))
                    {
                        MayCrossLines |= c is 's' or 'W' or 'D';
                        return c is 'd' or 'D' or 'w' or 'W' or 's' or 'S' ? Node.Unknown : throw new UnreadablePatternException();
                    }

                    return Char(c, flags);
            }
        }

        private int Hex(int digits)
        {
            if (_at + digits > pattern.Length || !int.TryParse(pattern.AsSpan(_at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw new UnreadablePatternException();
            }

            _at += digits;
            return value;
        }

        /// <summary>
        /// Moves past a character class; its contents, however small, count as "anything" for the literals. Says
        /// whether it may match a line break: a negated class unless it lists `\n` (or `\s`), a positive one if it does.
        /// </summary>
        private bool ClassMayMatchNewline()
        {
            var negated = _at < pattern.Length && pattern[_at] == '^';
            if (negated)
            {
                _at++;
            }

            var listsNewline = false; // some member certainly holds \n
            var unsure = false;       // some member might (a Unicode category, a subtraction)
            var first = true;
            while (_at < pattern.Length)
            {
                var c = pattern[_at++];
                if (c == ']' && !first)
                {
                    return negated ? !listsNewline : listsNewline || unsure;
                }

                if (c == '-' && !first && _at < pattern.Length && pattern[_at] == '[')
                {
                    _at++;
                    unsure = true; // a subtraction, [a-z-[aeiou]], ends the class
                    SkipNestedClass();
                    continue;
                }

                first = false;

                char? low = c;
                if (c == '\\')
                {
                    low = ClassEscape(ref listsNewline, ref unsure);
                }

                if (low is null)
                {
                    continue;
                }

                char high = low.Value;
                if (_at + 1 < pattern.Length && pattern[_at] == '-' && pattern[_at + 1] is not ']' and not '[')
                {
                    _at++;
                    var end = pattern[_at++];
                    high = end == '\\' ? ClassEscape(ref listsNewline, ref unsure) ?? char.MaxValue : end;
                }

                listsNewline |= low.Value <= '\n' && '\n' <= high;
            }

            throw new UnreadablePatternException();
        }

        /// <summary>An escape inside a class: the character it stands for, or null for a class escape (\s, \w, \p{..}).</summary>
        private char? ClassEscape(ref bool listsNewline, ref bool unsure)
        {
            if (_at >= pattern.Length)
            {
                throw new UnreadablePatternException();
            }

            var c = pattern[_at++];
            switch (c)
            {
                case 'n':
                    return '\n';
                case 't':
                    return '\t';
                case 'r':
                    return '\r';
                case 'f':
                    return '\f';
                case 'v':
                    return '\v';
                case 'e':
                    return '\u001B';
                case 'a':
                    return '\a';
                case 'b':
                    return '\b';
                case 'x':
                    return (char)Hex(2);
                case 'u':
                    return (char)Hex(4);
                case 's' or 'W' or 'D':
                    listsNewline = true;
                    return null;
                case 'S' or 'w' or 'd':
                    return null;
                case 'p' or 'P':
                    var close = _at < pattern.Length && pattern[_at] == '{' ? pattern.IndexOf('}', _at) : -1;
                    _at = close < 0 ? throw new UnreadablePatternException() : close + 1;
                    unsure = true;
                    return null;
                default:
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        throw new UnreadablePatternException(); // \c, octal and the like: not guessed at
                    }

                    return c;
            }
        }

        private void SkipNestedClass()
        {
            while (_at < pattern.Length)
            {
                var c = pattern[_at++];
                if (c == '\\')
                {
                    _at++;
                }
                else if (c == ']')
                {
                    return;
                }
            }

            throw new UnreadablePatternException();
        }

        private Node? Group(ref Flags flags)
        {
            var inner = flags;
            var zeroWidth = false;
            if (_at < pattern.Length && pattern[_at] == '?')
            {
                _at++;
                var c = _at < pattern.Length ? pattern[_at] : throw new UnreadablePatternException();
                switch (c)
                {
                    case ':' or '>':
                        _at++;
                        break;
                    case '=' or '!':
                        _at++;
                        zeroWidth = true;
                        break;
                    case '<' when _at + 1 < pattern.Length && pattern[_at + 1] is '=' or '!':
                        _at += 2;
                        zeroWidth = true;
                        break;
                    case '<' or '\'':
                        // A named group, or a balancing group (?<a-b>...).
                        var close = pattern.IndexOf(c == '<' ? '>' : '\'', _at + 1);
                        _at = close < 0 ? throw new UnreadablePatternException() : close + 1;
                        break;
                    case '#':
                        var end = pattern.IndexOf(')', _at);
                        _at = end < 0 ? throw new UnreadablePatternException() : end + 1;
                        return null;
                    case '(':
                        throw new UnreadablePatternException(); // a conditional
                    default:
                        var options = ReadOptions(ref inner);
                        if (options == ')')
                        {
                            flags = inner; // (?ix): for the rest of the enclosing group
                            return null;
                        }

                        break;
                }
            }

            var node = Alternation(inner);
            if (_at >= pattern.Length || pattern[_at] != ')')
            {
                throw new UnreadablePatternException();
            }

            _at++;
            return zeroWidth ? Node.Empty : node;
        }

        /// <summary>Reads inline options (`i`, `x`, `-i`, ...) up to `)` or `:`, which it returns and moves past.</summary>
        private char ReadOptions(ref Flags flags)
        {
            var on = true;
            while (_at < pattern.Length)
            {
                var c = pattern[_at++];
                switch (c)
                {
                    case '-':
                        on = false;
                        break;
                    case 'i':
                        // Turning case-insensitivity off is not followed: searching more widely is always safe.
                        flags = flags with { IgnoreCase = flags.IgnoreCase || on };
                        break;
                    case 'x':
                        flags = flags with { Extended = on };
                        break;
                    case 's':
                        // Like case, `.` matching line breaks is only ever switched on here: assuming it is, is safe.
                        flags = flags with { Singleline = flags.Singleline || on };
                        break;
                    case 'm' or 'n':
                        break;
                    case ')' or ':':
                        return c;
                    default:
                        throw new UnreadablePatternException();
                }
            }

            throw new UnreadablePatternException();
        }

        private bool QuantifierAhead(int at)
        {
            // In .NET, `{` starts a quantifier only as {n}, {n,} or {n,m}; anywhere else it is a literal brace.
            var close = pattern.IndexOf('}', at);
            if (close < 0)
            {
                return false;
            }

            var body = pattern.AsSpan(at + 1, close - at - 1);
            var comma = body.IndexOf(',');
            return comma < 0
                ? body.Length > 0 && body.ContainsAnyExceptInRange('0', '9') is false
                : comma > 0 && !body[..comma].ContainsAnyExceptInRange('0', '9') && !body[(comma + 1)..].ContainsAnyExceptInRange('0', '9');
        }

        private Node Quantified(Node atom, Flags flags)
        {
            while (true)
            {
                if (flags.Extended)
                {
                    while (_at < pattern.Length && SkipExtendedSpace())
                    {
                    }
                }

                if (_at >= pattern.Length)
                {
                    return atom;
                }

                int min;
                var c = pattern[_at];
                if (c is '*' or '?')
                {
                    _at++;
                    min = 0;
                }
                else if (c == '+')
                {
                    _at++;
                    min = 1;
                }
                else if (c == '{' && QuantifierAhead(_at))
                {
                    var close = pattern.IndexOf('}', _at);
                    var body = pattern[(_at + 1)..close];
                    min = int.Parse(body.Split(',')[0], CultureInfo.InvariantCulture);
                    var exact = !body.Contains(',');
                    _at = close + 1;
                    if (exact && min == 1)
                    {
                        SkipLazy();
                        continue;
                    }
                }
                else
                {
                    return atom;
                }

                SkipLazy();
                atom = min == 0 ? Node.Unknown : atom with { Exact = null };
            }
        }

        private void SkipLazy()
        {
            if (_at < pattern.Length && pattern[_at] == '?')
            {
                _at++;
            }
        }

        private static Node Union(List<Node> branches)
        {
            HashSet<string>? exact = [];
            HashSet<string>? required = [];
            foreach (var branch in branches)
            {
                exact = exact is not null && branch.Exact is not null ? [.. exact, .. branch.Exact] : null;
                required = required is not null && (branch.Required ?? branch.Exact) is { } needs ? [.. required, .. needs] : null;
            }

            return new Node(exact is { Count: <= MaxExactSize } ? exact : null, required is { Count: <= MaxRequiredSize } ? required : null);
        }

        /// <summary>
        /// A concatenation is exact when every piece is (the cross product of their sets); otherwise it needs what its
        /// best piece needs, where a run of exact pieces counts as one piece.
        /// </summary>
        private static Node Concatenate(List<Node> pieces)
        {
            HashSet<string> run = [""];
            HashSet<string>? best = null;
            var allExact = true;
            foreach (var piece in pieces)
            {
                if (piece.Exact is { } exact && Product(run, exact) is { } longer)
                {
                    run = longer;
                    continue;
                }

                best = Better(best, run);
                if (piece.Exact is { } restart)
                {
                    allExact = false; // the product grew too large: start a new run
                    run = restart;
                    continue;
                }

                allExact = false;
                best = Better(best, piece.Required);
                run = [""];
            }

            best = Better(best, run);
            return new Node(allExact ? run : null, best);
        }

        private static HashSet<string>? Product(HashSet<string> left, HashSet<string> right)
        {
            if (left.Count * right.Count > MaxExactSize)
            {
                return null;
            }

            return [.. left.SelectMany(a => right.Select(b => a + b))];
        }

        /// <summary>The more selective of two requirements: the one whose shortest string is longer, then the smaller set.</summary>
        private static HashSet<string>? Better(HashSet<string>? a, HashSet<string>? b)
        {
            if (a is null || a.Count == 0)
            {
                return b is { Count: > 0 } ? b : a;
            }

            if (b is null || b.Count == 0)
            {
                return a;
            }

            var (shortestA, shortestB) = (a.Min(s => s.Length), b.Min(s => s.Length));
            return shortestA != shortestB ? (shortestA > shortestB ? a : b) : (a.Count <= b.Count ? a : b);
        }
    }
}
