using System.Runtime.InteropServices;

namespace RepoAudit.Core.Code;

internal enum TokenKind : byte
{
    Name,
    Number,
    Op,
    String,

    /// <summary>The end of a logical line (Python, Julia: outside brackets; R: every line end outside brackets).</summary>
    Newline,

    /// <summary>A notebook line that is IPython magic or shell (`%time`, `!pip install x`): not the cell's language.</summary>
    Magic,

    /// <summary>A string that documents (a Python docstring or bare string statement, a Julia docstring).</summary>
    Docstring,
}

/// <summary>A token: its span, and for strings the span of the contents inside the quotes.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, int ContentStart, int ContentEnd)
{
    public static Token Of(TokenKind kind, int start, int end) => new(kind, start, end, start, end);
}

/// <summary>The tokens of a text, and its comments apart: every reader of the tokens skips comments.</summary>
internal sealed record Tokens(List<Token> List, List<(int Start, int End)> Comments);

/// <summary>
/// Splits source text into tokens in one forward pass: no recursion, no backtracking, so its time is linear in the
/// text whatever the text is. Strings with interpolation (Python f-strings, Julia `$(...)`) are one string token,
/// read with an explicit stack of nested strings capped at <see cref="MaxStringNesting"/>. Anything unexpected
/// becomes an operator token; an unterminated string or comment runs to the end of the text (or, for Python and
/// Scala single-quoted strings, of the line).
/// </summary>
internal sealed class Lexer
{
    public const int MaxStringNesting = 64;

    private readonly string _text;
    private readonly CodeLanguage _language;
    private readonly bool _notebookCell;
    private readonly List<Token> _tokens;
    private readonly List<(int Start, int End)> _comments = [];

    // The open strings while one string is read (see ReadString), kept for the next string: most strings need one.
    private readonly List<StringFrame> _openStrings = [];
    private int _pos;
    private int _depth;

    private Lexer(string text, CodeLanguage language, bool notebookCell)
    {
        _text = text;
        _language = language;
        _notebookCell = notebookCell;
        _tokens = t_spareTokens ?? [];
        t_spareTokens = null;
        _tokens.Clear();
    }

    // The token list is reused from text to text on each thread: a scan reads thousands of files, and a list grown
    // for each would be garbage as soon as its view is made (a large file's on the large object heap). A list grown
    // past MaxKeptTokens (a few MB) is let go rather than kept for the rest of the scan.
    [ThreadStatic] private static List<Token>? t_spareTokens;
    private const int MaxKeptTokens = 1 << 17;

    public static Tokens Tokenize(string text, CodeLanguage language, bool notebookCell = false)
    {
        var lexer = new Lexer(text, language, notebookCell);
        lexer.Run();
        return new Tokens(lexer._tokens, lexer._comments);
    }

    /// <summary>Hands the token list back for the next text read on this thread: the caller is done with it.</summary>
    public static void Reuse(Tokens tokens)
    {
        if (tokens.List.Capacity <= MaxKeptTokens)
        {
            t_spareTokens = tokens.List;
        }
    }

    private bool Python => _language == CodeLanguage.Python;

    private char At(int index) => index < _text.Length ? _text[index] : '\0';

    private void Run()
    {
        var lineStart = true;
        var n = _text.Length;
        while (_pos < n)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                if (_depth == 0 && _language != CodeLanguage.Scala)
                {
                    _tokens.Add(Token.Of(TokenKind.Newline, _pos, _pos + 1));
                }

                _pos++;
                lineStart = true;
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _pos++;
                continue;
            }

            if (lineStart && _notebookCell && _depth == 0 && (c == '%' || c == '!'))
            {
                _tokens.Add(Token.Of(TokenKind.Magic, _pos, LineEnd(_pos)));
                _pos = LineEnd(_pos);
                continue;
            }

            lineStart = false;
            if (c == '\\' && (_language is CodeLanguage.Python or CodeLanguage.Julia) && (At(_pos + 1) == '\n' || (At(_pos + 1) == '\r' && At(_pos + 2) == '\n')))
            {
                _pos += At(_pos + 1) == '\n' ? 2 : 3; // an explicit line continuation
                continue;
            }

            if (TryComment(c) || TryString(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(_pos + 1))))
            {
                ReadNumber();
            }
            else if (IsNameStart(c))
            {
                ReadName();
            }
            else
            {
                ReadOp(c);
            }
        }
    }

    private int LineEnd(int from)
    {
        var end = _text.IndexOf('\n', from);
        return end < 0 ? _text.Length : end;
    }

    private bool TryComment(char c)
    {
        switch (_language)
        {
            case CodeLanguage.Julia when c == '#' && At(_pos + 1) == '=':
                ReadNestedComment("#=", "=#");
                return true;
            case CodeLanguage.Scala when c == '/' && At(_pos + 1) == '*':
                ReadNestedComment("/*", "*/");
                return true;
            case CodeLanguage.Scala when c == '/' && At(_pos + 1) == '/':
            case not CodeLanguage.Scala when c == '#':
                _comments.Add((_pos, LineEnd(_pos)));
                _pos = LineEnd(_pos);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A block comment that nests (Julia `#= =#`, Scala `/* */`), read with a counter, not recursion.</summary>
    private void ReadNestedComment(string open, string close)
    {
        var start = _pos;
        var depth = 0;
        var i = _pos;
        while (i < _text.Length)
        {
            if (string.CompareOrdinal(_text, i, open, 0, 2) == 0)
            {
                depth++;
                i += 2;
            }
            else if (string.CompareOrdinal(_text, i, close, 0, 2) == 0)
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    break;
                }
            }
            else
            {
                i++;
            }
        }

        _pos = Math.Min(i, _text.Length);
        _comments.Add((start, _pos));
    }

    private bool TryString(char c)
    {
        switch (_language)
        {
            case CodeLanguage.Python when c is '"' or '\'':
                ReadString(_pos, _pos, c, interpolated: false);
                return true;
            case CodeLanguage.R when c is '"' or '\'':
                ReadString(_pos, _pos, c, interpolated: false);
                return true;
            case CodeLanguage.R when c == '`':
                ReadQuotedName();
                return true;
            case CodeLanguage.Julia when c is '"' or '`':
                ReadString(_pos, _pos, c, interpolated: true);
                return true;
            case CodeLanguage.Julia or CodeLanguage.Scala when c == '\'' && CharLiteralEnd() is > 0 and var end:
                _tokens.Add(new Token(TokenKind.String, _pos, end, _pos + 1, end - 1));
                _pos = end;
                return true;
            case CodeLanguage.Scala when c == '"':
                ReadString(_pos, _pos, c, interpolated: false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads a string from its opening quote (after any prefix starting at <paramref name="start"/>) to its closing
    /// quote. Interpolated parts (`{...}` in a Python f-string, `$(...)` in Julia) may hold whole strings of their own;
    /// those are followed with a stack, never recursion.
    /// </summary>
    private void ReadString(int start, int quoteAt, char quote, bool interpolated)
    {
        var text = _text;
        var n = text.Length;
        var outerTriple = IsTriple(quoteAt, quote);
        var stack = _openStrings;
        stack.Clear();
        stack.Add(new StringFrame(quote, outerTriple, interpolated));
        var i = quoteAt + (outerTriple ? 3 : 1);
        var contentStart = i;
        var stopsAtLineEnd = _language is CodeLanguage.Python or CodeLanguage.Scala;
        while (i < n && stack.Count > 0)
        {
            // The innermost string, by reference: valid until the stack changes, after which the loop starts over.
            ref var frame = ref CollectionsMarshal.AsSpan(stack)[^1];
            var c = text[i];
            if (c == '\n' && stopsAtLineEnd && !stack.Exists(f => f.Triple))
            {
                break; // an unterminated one-line string ends with its line
            }

            if (frame.Depth == 0)
            {
                if (c == '\\')
                {
                    i += 2;
                }
                else if (c == frame.Quote && (!frame.Triple || IsTriple(i, c)))
                {
                    i += frame.Triple ? 3 : 1;
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (frame.Interpolated && Python && c == '{')
                {
                    if (At(i + 1) == '{')
                    {
                        i += 2; // an escaped brace
                    }
                    else
                    {
                        frame.Depth = 1;
                        i++;
                    }
                }
                else if (frame.Interpolated && !Python && c == '$' && At(i + 1) == '(')
                {
                    frame.Depth = 1;
                    i += 2;
                }
                else
                {
                    i++;
                }

                continue;
            }

            // Inside an interpolated expression.
            if (c is '(' or '[' or '{')
            {
                frame.Depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                frame.Depth--;
            }
            else if ((c == '"' || (Python && c == '\'')) && stack.Count < MaxStringNesting)
            {
                var nestedInterpolated = !Python || HasPrefixLetter(i, 'f');
                stack.Add(new StringFrame(c, IsTriple(i, c), nestedInterpolated));
                i += stack[^1].Triple ? 3 : 1;
                continue;
            }

            i++;
        }

        var end = Math.Min(i, n);
        var closed = stack.Count == 0;
        var closeLength = closed ? (outerTriple ? 3 : 1) : 0;
        _tokens.Add(new Token(TokenKind.String, start, end, Math.Min(contentStart, end), Math.Max(Math.Min(contentStart, end), end - closeLength)));
        _pos = end;
    }

    private bool IsTriple(int at, char quote) =>
        _language != CodeLanguage.R && quote != '`' && At(at) == quote && At(at + 1) == quote && At(at + 2) == quote;

    /// <summary>Is the quote at <paramref name="quoteAt"/> preceded by a string prefix holding the letter (f in rf"")?</summary>
    private bool HasPrefixLetter(int quoteAt, char letter)
    {
        for (var i = quoteAt - 1; i >= 0 && i >= quoteAt - 2 && char.IsAsciiLetter(_text[i]); i--)
        {
            if (char.ToLowerInvariant(_text[i]) == letter)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>R raw strings: r"(...)", R'[...]', r"---{...}---".</summary>
    private bool TryRawRString(int start)
    {
        var quoteAt = _pos;
        var quote = At(quoteAt);
        var i = quoteAt + 1;
        while (At(i) == '-')
        {
            i++;
        }

        var open = At(i);
        var close = open switch { '(' => ')', '[' => ']', '{' => '}', _ => '\0' };
        if (close == '\0')
        {
            return false;
        }

        var terminator = close + new string('-', i - quoteAt - 1) + quote;
        var contentStart = i + 1;
        var found = _text.IndexOf(terminator, contentStart, StringComparison.Ordinal);
        var end = found < 0 ? _text.Length : found + terminator.Length;
        _tokens.Add(new Token(TokenKind.String, start, end, contentStart, found < 0 ? end : found));
        _pos = end;
        return true;
    }

    private void ReadQuotedName()
    {
        var end = _text.IndexOf('`', _pos + 1);
        end = end < 0 ? LineEnd(_pos) : end + 1;
        _tokens.Add(new Token(TokenKind.Name, _pos, end, _pos + 1, Math.Max(_pos + 1, end - 1)));
        _pos = end;
    }

    /// <summary>
    /// Where a character literal starting here ends, or -1: `'` after a value is Julia's transpose (or a Scala
    /// symbol), not a literal.
    /// </summary>
    private int CharLiteralEnd()
    {
        if (_tokens.Count > 0 && _tokens[^1] is var last && last.End == _pos
            && (last.Kind is TokenKind.Name or TokenKind.Number or TokenKind.String || (last.Kind == TokenKind.Op && At(last.Start) is ')' or ']' or '}' or '\'')))
        {
            return -1;
        }

        if (At(_pos + 1) == '\\')
        {
            var close = _pos + 3 < _text.Length ? _text.IndexOf('\'', _pos + 3, Math.Min(12, _text.Length - _pos - 3)) : -1;
            return close < 0 ? -1 : close + 1;
        }

        return At(_pos + 2) == '\'' ? _pos + 3 : char.IsHighSurrogate(At(_pos + 1)) && At(_pos + 3) == '\'' ? _pos + 4 : -1;
    }

    // ASCII first: nearly every character of a name is, and the Unicode tables are for the rest.
    private bool IsNameStart(char c) => c < 128
        ? char.IsAsciiLetter(c) || c == '_' || (_language == CodeLanguage.R && c == '.')
        : char.IsLetter(c) || IsOtherNameChar(c);

    private bool IsNamePart(char c) => c < 128
        ? char.IsAsciiLetterOrDigit(c) || c == '_' || (_language == CodeLanguage.R && c == '.') || (_language == CodeLanguage.Julia && c == '!')
        : char.IsLetterOrDigit(c) || IsOtherNameChar(c);

    /// <summary>Beyond ASCII, anything but white space and punctuation may be part of a name (symbols, marks: `∇`, `x̂`).</summary>
    private static bool IsOtherNameChar(char c) => !char.IsWhiteSpace(c) && !char.IsPunctuation(c);

    private void ReadName()
    {
        var start = _pos;
        while (_pos < _text.Length && IsNamePart(_text[_pos]))
        {
            _pos++;
        }

        var next = At(_pos);
        var length = _pos - start;
        if (next is '"' or '\'')
        {
            switch (_language)
            {
                case CodeLanguage.Python when length <= 2 && IsPythonPrefix(start, length):
                    ReadString(start, _pos, next, interpolated: HasPrefixLetter(_pos, 'f') || HasPrefixLetter(_pos, 't'));
                    return;
                case CodeLanguage.R when length == 1 && _text[start] is 'r' or 'R' && TryRawRString(start):
                    return;
                case CodeLanguage.Julia when next == '"':
                    ReadString(start, _pos, next, interpolated: false); // a string macro: raw"...", r"...", b"..."
                    return;
                case CodeLanguage.Scala when next == '"':
                    ReadString(start, _pos, next, interpolated: false); // s"...", f"...", raw"..."
                    return;
            }
        }

        _tokens.Add(Token.Of(TokenKind.Name, start, _pos));
    }

    private bool IsPythonPrefix(int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (char.ToLowerInvariant(_text[i]) is not ('r' or 'b' or 'f' or 'u' or 't'))
            {
                return false;
            }
        }

        return true;
    }

    private void ReadNumber()
    {
        var start = _pos;
        _pos++;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c == '.' && At(_pos + 1) != '.')
                || (c is '+' or '-' && _text[_pos - 1] is 'e' or 'E' && !_text.AsSpan(start, _pos - start).Contains('x')))
            {
                _pos++;
            }
            else
            {
                break;
            }
        }

        _tokens.Add(Token.Of(TokenKind.Number, start, _pos));
    }

    private void ReadOp(char c)
    {
        var start = _pos;
        var length = 1;
        if (c is '(' or ')' or '[' or ']' or '{' or '}' or ',' or ';')
        {
            // the commonest operators, and none of the longer ones starts with them
        }
        else if (_language == CodeLanguage.R && c == '%')
        {
            var close = _text.IndexOf('%', _pos + 1, Math.Min(40, _text.Length - _pos - 1));
            length = close < 0 || _text.AsSpan(_pos, close - _pos).Contains('\n') ? 1 : close - _pos + 1; // %in%, %>%
        }
        else if (_pos + 3 <= _text.Length && IsThreeCharOp(_text.AsSpan(_pos, 3)))
        {
            length = 3;
        }
        else if (_pos + 2 <= _text.Length && IsTwoCharOp(_text.AsSpan(_pos, 2)))
        {
            length = 2;
        }

        if (length == 1)
        {
            if (c is '(' or '[' or '{')
            {
                _depth++;
            }
            else if (c is ')' or ']' or '}' && _depth > 0)
            {
                _depth--;
            }
        }

        _pos += length;
        _tokens.Add(Token.Of(TokenKind.Op, start, _pos));
    }

    // Matched as constants (the compiler switches on length and characters): every operator character asks.
    private static bool IsThreeCharOp(ReadOnlySpan<char> op) => op is "**=" or "//=" or ">>=" or "<<=" or "..." or "<<-" or "->>" or ":::" or "===" or "!==";

    private static bool IsTwoCharOp(ReadOnlySpan<char> op) => op is
        "==" or "!=" or "<=" or ">=" or ":=" or "**" or "//" or "->" or "=>" or "::" or "+=" or "-=" or "*=" or "/=" or "%="
        or "&=" or "|=" or "^=" or "@=" or "<<" or ">>" or "&&" or "||" or "|>" or ".=";

    private struct StringFrame(char quote, bool triple, bool interpolated)
    {
        public readonly char Quote = quote;
        public readonly bool Triple = triple;
        public readonly bool Interpolated = interpolated;

        /// <summary>0 in the literal part; the bracket depth inside an interpolated expression.</summary>
        public int Depth;
    }
}
