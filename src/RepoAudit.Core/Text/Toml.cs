using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Parsing;

namespace RepoAudit.Core.Text;

/// <summary>
/// Reads TOML manifests (pyproject.toml, Pipfile, pixi.toml, Project.toml, lock file headers) into a
/// <see cref="DataNode"/> tree with Tomlyn's TOML 1.1 event parser. The parser does the syntax; this adapter builds the
/// tree without recursion (repeated [headers] and [[arrays of tables]] merge, a key given two values is an error),
/// keeps numbers, booleans and dates as their raw text, and caps nesting so that hostile input cannot overflow the stack.
/// </summary>
public static partial class Toml
{
    /// <summary>How deep tables and values may nest; far beyond any real manifest.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses TOML into a <see cref="DataNode"/> tree; throws <see cref="FormatException"/> naming the line.</summary>
    public static DataNode Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        var parser = TomlParser.Create(text, new TomlParserOptions { Mode = TomlParserMode.Strict }, new TomlSerializerOptions { MaxDepth = MaxDepth });
        var builder = new TreeBuilder(text);
        try
        {
            while (parser.MoveNext())
            {
                builder.Add(parser);
            }
        }
        catch (TomlException ex)
        {
            var line = ex.Line > 0 ? ex.Line : builder.LastLine;
            var problem = ex.Message.Contains("maximum depth", StringComparison.Ordinal)
                ? $"nested more than {MaxDepth} levels deep"
                : DiagnosticPrefix().Replace(ex.Message.Split('\n')[0], "").Trim();
            throw new FormatException($"line {line}: {problem}", ex);
        }

        return builder.Root is { } root ? Convert(root) : new DataMap([], 1);
    }

    // Depth is bounded by MaxDepth (the parser refuses deeper input), so this recursion is bounded too.
    private static DataNode Convert(object node) => node switch
    {
        Map map => new DataMap(map.Order.Select(key => new KeyValuePair<string, DataNode>(key, Convert(map.Entries[key]))).ToArray(), map.Line),
        Items list => new DataList(list.Values.Select(Convert).ToArray(), list.Line),
        _ => (DataNode)node,
    };

    /// <summary>"(3,5) : error : " before each of Tomlyn's messages.</summary>
    [GeneratedRegex(@"^\(\d+,\d+\)\s*:\s*error\s*:\s*")]
    private static partial Regex DiagnosticPrefix();

    /// <summary>A container under construction; an inline one (`{...}`, `[...]`) is complete once written.</summary>
    private abstract class Container(int line, bool inline)
    {
        public int Line { get; } = line;

        public bool Inline { get; } = inline;
    }

    private sealed class Map(int line, bool inline) : Container(line, inline)
    {
        public Dictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];
    }

    private sealed class Items(int line, bool inline) : Container(line, inline)
    {
        public List<object> Values { get; } = [];
    }

    /// <summary>Turns the parser's events into maps and lists, one container per open table or array.</summary>
    private sealed class TreeBuilder(string text)
    {
        private readonly Stack<object> _open = new();
        private string? _key;
        private int _keyLine = 1;

        public Map? Root { get; private set; }

        public int LastLine { get; private set; } = 1;

        public void Add(TomlParser parser)
        {
            var current = parser.Current;
            if (current.Line > 0)
            {
                LastLine = current.Line;
            }

            // Tables from [headers] and arrays from [[headers]] have no position of their own; inline ones do.
            var fromHeader = current.Line == 0;
            var line = fromHeader ? _keyLine : current.Line;
            switch (current.Kind)
            {
                case TomlParseEventKind.StartTable:
                    _open.Push(Place(new Map(line, !fromHeader), fromHeader, line));
                    break;
                case TomlParseEventKind.StartArray:
                    _open.Push(Place(new Items(line, !fromHeader), fromHeader, line));
                    break;
                case TomlParseEventKind.EndTable or TomlParseEventKind.EndArray:
                    _open.Pop();
                    break;
                case TomlParseEventKind.PropertyName:
                    _key = parser.GetPropertyName();
                    _keyLine = line;
                    break;
                case TomlParseEventKind.String:
                    Place(new DataScalar(parser.GetString(), line), false, line);
                    break;
                case TomlParseEventKind.Integer or TomlParseEventKind.Float or TomlParseEventKind.Boolean or TomlParseEventKind.DateTime:
                    var raw = current.Span is { } span ? text.Substring(span.Offset, Math.Min(span.Length, text.Length - span.Offset)) : null;
                    Place(new DataScalar(raw, line), false, line);
                    break;
            }
        }

        /// <summary>Attaches a new node to the open container, or returns the table or array of tables it continues.</summary>
        private object Place(object node, bool fromHeader, int line)
        {
            if (_open.Count == 0)
            {
                Root ??= (Map)node;
                return Root;
            }

            if (_open.Peek() is Items list)
            {
                list.Values.Add(node);
                return node;
            }

            var map = (Map)_open.Peek();
            var key = _key ?? "";
            _key = null;
            if (map.Entries.TryGetValue(key, out var existing))
            {
                // A later [header] extends the table (or array of tables) that an earlier one or a dotted key began.
                if (fromHeader && existing is Container { Inline: false } && existing.GetType() == node.GetType())
                {
                    return existing;
                }

                if (fromHeader && existing is Container { Inline: true })
                {
                    throw new FormatException($"line {line}: '{key}' is already a value written in full, so a [header] cannot extend it");
                }

                throw new FormatException($"line {line}: duplicate key '{key}'");
            }

            map.Entries.Add(key, node);
            map.Order.Add(key);
            return node;
        }
    }
}
