using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Text;

/// <summary>
/// A small TOML reader for manifests (pyproject.toml, Pipfile, pixi.toml, Project.toml, lock file headers). It reads
/// TOML 1.0 plus the 1.1 relaxations real files already use (newlines and a trailing comma in inline tables, `\e`,
/// `\x` escapes, times without seconds). Numbers, booleans and dates are kept as their raw text. Nesting is capped, so
/// hostile input cannot overflow the stack, and every loop consumes input, so it cannot hang.
/// </summary>
public static partial class Toml
{
    /// <summary>How deep tables and values may nest; far beyond any real manifest.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses TOML into a <see cref="DataNode"/> tree; throws <see cref="FormatException"/> naming the line.</summary>
    public static DataNode Parse(string text)
    {
        var parser = new Parser(text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF'));
        return Convert(parser.ParseDocument());
    }

    // Tables stay mutable while the document is read, because headers and dotted keys may add to them later.
    private sealed class Table(int line, int depth)
    {
        public int Line { get; set; } = line;

        public int Depth { get; } = depth;

        /// <summary>Defined by a [header] (cannot be defined again).</summary>
        public bool Explicit { get; set; }

        /// <summary>Created by a dotted key (may be extended by more dotted keys, not defined by a header).</summary>
        public bool Dotted { get; init; }

        public Dictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];

        public void Add(string key, object value)
        {
            Entries.Add(key, value);
            Order.Add(key);
        }
    }

    /// <summary>An array of tables, built by [[header]]s.</summary>
    private sealed class TableArray(int line)
    {
        public int Line { get; } = line;

        public List<Table> Items { get; } = [];
    }

    // Depth is bounded by MaxDepth (checked whenever a table is created), so this recursion is bounded too.
    private static DataNode Convert(object entry) => entry switch
    {
        Table table => new DataMap(table.Order.Select(key => new KeyValuePair<string, DataNode>(key, Convert(table.Entries[key]))).ToArray(), table.Line),
        TableArray array => new DataList(array.Items.Select(Convert).ToArray(), array.Line),
        _ => (DataNode)entry,
    };

    private sealed class Parser(string text)
    {
        private int _pos;
        private int _line = 1;

        private bool End => _pos >= text.Length;

        private char Peek(int ahead = 0) => _pos + ahead < text.Length ? text[_pos + ahead] : '\0';

        private char Next()
        {
            var c = text[_pos++];
            if (c == '\n')
            {
                _line++;
            }

            return c;
        }

        private FormatException Error(string problem, int? line = null) => new($"line {line ?? _line}: {problem}");

        public Table ParseDocument()
        {
            var root = new Table(1, 0) { Explicit = true };
            var current = root;
            while (!End)
            {
                SkipSpaces();
                if (End)
                {
                    break;
                }

                switch (Peek())
                {
                    case '\n':
                        Next();
                        continue;
                    case '#':
                        SkipComment();
                        continue;
                    case '[':
                        current = ParseHeader(root);
                        break;
                    default:
                        ParseKeyValue(current);
                        break;
                }

                ExpectLineEnd();
            }

            return root;
        }

        private void SkipSpaces()
        {
            while (Peek() is ' ' or '\t')
            {
                _pos++;
            }
        }

        private void SkipComment()
        {
            while (!End && Peek() != '\n')
            {
                _pos++;
            }
        }

        /// <summary>Skips spaces, newlines and comments (inside arrays and inline tables).</summary>
        private void SkipBlank()
        {
            while (!End)
            {
                switch (Peek())
                {
                    case ' ' or '\t' or '\n':
                        Next();
                        break;
                    case '#':
                        SkipComment();
                        break;
                    default:
                        return;
                }
            }
        }

        private void ExpectLineEnd()
        {
            SkipSpaces();
            if (Peek() == '#')
            {
                SkipComment();
            }

            if (!End && Next() is var c && c != '\n')
            {
                throw Error($"unexpected '{c}'; expected the end of the line");
            }
        }

        private Table ParseHeader(Table root)
        {
            var line = _line;
            var isArray = Peek(1) == '[';
            _pos += isArray ? 2 : 1;
            SkipSpaces();
            var key = ParseKey();
            SkipSpaces();
            if (Peek() != ']' || (isArray && Peek(1) != ']'))
            {
                throw Error($"expected '{(isArray ? "]]" : "]")}' to close the table header");
            }

            _pos += isArray ? 2 : 1;
            var name = string.Join('.', key);
            var table = root;
            foreach (var segment in key.Take(key.Count - 1))
            {
                table = table.Entries.TryGetValue(segment, out var existing)
                    ? existing switch
                    {
                        Table child => child,
                        TableArray array => array.Items[^1],
                        _ => throw Error($"[{name}]: '{segment}' is already a value, not a table", line),
                    }
                    : AddTable(table, segment, line, dotted: false);
            }

            var last = key[^1];
            table.Entries.TryGetValue(last, out var found);
            if (isArray)
            {
                var array = found switch
                {
                    null => new TableArray(line),
                    TableArray existing => existing,
                    _ => throw Error($"[[{name}]]: '{last}' is already defined and is not an array of tables", line),
                };
                if (found is null)
                {
                    table.Add(last, array);
                }

                var item = new Table(line, CheckDepth(table.Depth + 1, line)) { Explicit = true };
                array.Items.Add(item);
                return item;
            }

            switch (found)
            {
                case null:
                    var created = AddTable(table, last, line, dotted: false);
                    created.Explicit = true;
                    return created;
                case Table { Explicit: false, Dotted: false } implicitTable:
                    implicitTable.Explicit = true;
                    implicitTable.Line = line;
                    return implicitTable;
                default:
                    throw Error($"table [{name}] is defined more than once", line);
            }
        }

        private Table AddTable(Table parent, string key, int line, bool dotted)
        {
            var table = new Table(line, CheckDepth(parent.Depth + 1, line)) { Dotted = dotted };
            parent.Add(key, table);
            return table;
        }

        private int CheckDepth(int depth, int line) =>
            depth > MaxDepth ? throw Error($"nested more than {MaxDepth} levels deep", line) : depth;

        private void ParseKeyValue(Table table)
        {
            var line = _line;
            var key = ParseKey();
            SkipSpaces();
            if (Peek() != '=')
            {
                throw Error($"expected '=' after the key '{string.Join('.', key)}'");
            }

            _pos++;
            SkipSpaces();
            var target = table;
            foreach (var segment in key.Take(key.Count - 1))
            {
                target = target.Entries.TryGetValue(segment, out var existing)
                    ? existing as Table is { Dotted: true } dotted
                        ? dotted
                        : throw Error($"cannot add '{string.Join('.', key)}': '{segment}' is already defined", line)
                    : AddTable(target, segment, line, dotted: true);
            }

            var value = ParseValue(target.Depth + 1);
            if (target.Entries.ContainsKey(key[^1]))
            {
                throw Error($"duplicate key '{string.Join('.', key)}'", line);
            }

            target.Add(key[^1], value);
        }

        private List<string> ParseKey()
        {
            var segments = new List<string>();
            while (true)
            {
                if (segments.Count >= MaxDepth)
                {
                    throw Error($"a key has more than {MaxDepth} parts");
                }

                segments.Add(ParseKeySegment());
                SkipSpaces();
                if (Peek() != '.')
                {
                    return segments;
                }

                _pos++;
                SkipSpaces();
            }
        }

        private string ParseKeySegment()
        {
            switch (Peek())
            {
                case '"':
                    return Peek(1) == '"' && Peek(2) == '"' ? throw Error("a key cannot be a multi-line string") : ParseBasicString();
                case '\'':
                    return Peek(1) == '\'' && Peek(2) == '\'' ? throw Error("a key cannot be a multi-line string") : ParseLiteralString();
            }

            var start = _pos;
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '-')
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error(End || Peek() == '\n' ? "expected a key" : $"expected a key, found '{Peek()}'");
            }

            return text[start.._pos];
        }

        private DataNode ParseValue(int depth)
        {
            var line = _line;
            CheckDepth(depth, line);
            switch (Peek())
            {
                case '"':
                    return new DataScalar(Peek(1) == '"' && Peek(2) == '"' ? ParseMultilineString('"') : ParseBasicString(), line);
                case '\'':
                    return new DataScalar(Peek(1) == '\'' && Peek(2) == '\'' ? ParseMultilineString('\'') : ParseLiteralString(), line);
                case '[':
                    return ParseArray(depth);
                case '{':
                    return ParseInlineTable(depth);
                default:
                    return new DataScalar(ParseBareValue(), line);
            }
        }

        private DataList ParseArray(int depth)
        {
            var line = _line;
            _pos++;
            var items = new List<DataNode>();
            while (true)
            {
                SkipBlank();
                if (End)
                {
                    throw Error("unterminated array", line);
                }

                if (Peek() == ']')
                {
                    _pos++;
                    return new DataList(items, line);
                }

                items.Add(ParseValue(depth + 1));
                SkipBlank();
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != ']')
                {
                    throw End ? Error("unterminated array", line) : Error($"expected ',' or ']' in the array, found '{Peek()}'");
                }
            }
        }

        private DataNode ParseInlineTable(int depth)
        {
            var line = _line;
            _pos++;
            var table = new Table(line, depth) { Explicit = true };
            while (true)
            {
                SkipBlank();
                if (End)
                {
                    throw Error("unterminated inline table", line);
                }

                if (Peek() == '}')
                {
                    _pos++;
                    return Convert(table);
                }

                ParseKeyValue(table);
                SkipBlank();
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != '}')
                {
                    throw End ? Error("unterminated inline table", line) : Error($"expected ',' or '}}' in the inline table, found '{Peek()}'");
                }
            }
        }

        private string ParseBasicString()
        {
            var line = _line;
            _pos++;
            var value = new StringBuilder();
            while (true)
            {
                if (End || Peek() == '\n')
                {
                    throw Error("unterminated string", line);
                }

                var c = Next();
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c == '\\')
                {
                    AppendEscape(value);
                }
                else
                {
                    value.Append(c);
                }
            }
        }

        private string ParseLiteralString()
        {
            var line = _line;
            _pos++;
            var start = _pos;
            while (Peek() != '\'')
            {
                if (End || Peek() == '\n')
                {
                    throw Error("unterminated string", line);
                }

                _pos++;
            }

            return text[start.._pos++];
        }

        private string ParseMultilineString(char quote)
        {
            var line = _line;
            _pos += 3;
            if (Peek() == '\n')
            {
                Next(); // a newline right after the opening quotes is not part of the string
            }

            var value = new StringBuilder();
            while (true)
            {
                if (End)
                {
                    throw Error("unterminated multi-line string", line);
                }

                if (Peek() == quote && Peek(1) == quote && Peek(2) == quote)
                {
                    // Up to two quotes may sit right before the closing three.
                    var run = 3;
                    while (run < 6 && Peek(run) == quote)
                    {
                        run++;
                    }

                    if (run == 6)
                    {
                        throw Error("too many quotes at the end of a multi-line string");
                    }

                    value.Append(quote, run - 3);
                    _pos += run;
                    return value.ToString();
                }

                var c = Next();
                if (quote == '"' && c == '\\')
                {
                    if (LineEndingBackslash())
                    {
                        SkipBlankNoComments();
                    }
                    else
                    {
                        AppendEscape(value);
                    }
                }
                else
                {
                    value.Append(c);
                }
            }
        }

        /// <summary>Is the backslash just read followed only by whitespace up to the end of its line?</summary>
        private bool LineEndingBackslash()
        {
            var i = _pos;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            return i < text.Length && text[i] == '\n';
        }

        private void SkipBlankNoComments()
        {
            while (Peek() is ' ' or '\t' or '\n')
            {
                Next();
            }
        }

        private void AppendEscape(StringBuilder value)
        {
            if (End)
            {
                throw Error("unterminated escape sequence");
            }

            var c = Next();
            switch (c)
            {
                case 'b': value.Append('\b'); break;
                case 't': value.Append('\t'); break;
                case 'n': value.Append('\n'); break;
                case 'f': value.Append('\f'); break;
                case 'r': value.Append('\r'); break;
                case 'e': value.Append('\u001b'); break;
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case 'x': value.Append(HexCodePoint(2)); break;
                case 'u': value.Append(HexCodePoint(4)); break;
                case 'U': value.Append(HexCodePoint(8)); break;
                default: throw Error($"invalid escape sequence '\\{(c == '\n' ? "(newline)" : c.ToString())}'");
            }
        }

        private string HexCodePoint(int digits)
        {
            var hex = _pos + digits <= text.Length ? text.Substring(_pos, digits) : "";
            if (hex.Length != digits || hex.Any(c => !char.IsAsciiHexDigit(c))
                || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                throw Error($"invalid unicode escape '{hex}'");
            }

            _pos += digits;
            return char.ConvertFromUtf32((int)code);
        }

        /// <summary>A number, boolean or date/time, kept as written.</summary>
        private string ParseBareValue()
        {
            var start = _pos;
            SkipBareChars();
            // A date and a time may be separated by a space ("1979-05-27 07:32:00").
            if (_pos - start == 10 && Peek() == ' ' && char.IsAsciiDigit(Peek(1)) && char.IsAsciiDigit(Peek(2)) && Peek(3) == ':'
                && LocalDate().IsMatch(text.AsSpan(start, 10)))
            {
                _pos++;
                SkipBareChars();
            }

            var token = text[start.._pos];
            if (token.Length == 0)
            {
                throw Error(End || Peek() == '\n' ? "expected a value" : $"expected a value, found '{Peek()}'");
            }

            return BareValue().IsMatch(token) ? token : throw Error($"invalid value '{token}'");
        }

        private void SkipBareChars()
        {
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '-' or '+' or '.' or ':')
            {
                _pos++;
            }
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex LocalDate();

    [GeneratedRegex("""
        ^(?:
            true|false
          | [+-]?(?:0|[1-9](?:_?\d)*)                                              # decimal integer
          | 0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])* | 0o[0-7](?:_?[0-7])* | 0b[01](?:_?[01])*
          | [+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?   # float (also matches integers, which are valid anyway)
          | [+-]?(?:inf|nan)
          | \d{4}-\d{2}-\d{2}(?:[Tt\ ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?
          | \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?
        )$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex BareValue();
}
