using System.Text;

namespace RepoAudit.Core.Code;

/// <summary>
/// Reads imports and calls from a token list in one forward pass with an explicit bracket stack (capped at
/// <see cref="MaxNesting"/>; deeper brackets are counted but their calls are not read). Every value it keeps is
/// bounded, and so is the number of calls and imports per file, so a hostile file costs linear time and bounded memory.
/// </summary>
internal sealed class StructureReader
{
    public const int MaxNesting = 256;
    public const int MaxCalls = 50_000;
    public const int MaxImports = 5_000;
    public const int MaxAliases = 10_000; // imported names known at once, in a file or across a notebook's cells
    public const int MaxArguments = 64;
    private const int MaxNameSegments = 32;

    private static readonly HashSet<string> PythonKeywords = new(StringComparer.Ordinal)
    {
        "if", "elif", "else", "while", "for", "in", "not", "and", "or", "is", "return", "yield", "assert", "del", "with",
        "as", "lambda", "raise", "except", "import", "from", "await", "global", "nonlocal", "pass", "class", "def", "async",
    };

    private static readonly HashSet<string> RKeywords = new(StringComparer.Ordinal) { "if", "for", "while", "function", "repeat", "in", "else" };

    private static readonly HashSet<string> JuliaKeywords = new(StringComparer.Ordinal)
    {
        "if", "elseif", "else", "while", "for", "return", "function", "macro", "where", "in", "isa", "end", "let", "do",
        "begin", "try", "catch", "finally", "struct", "module", "baremodule", "using", "import", "export", "const",
        "global", "local", "quote", "abstract", "mutable", "primitive", "type",
    };

    private static readonly HashSet<string> RLoaders = new(StringComparer.Ordinal) { "library", "require", "requireNamespace", "loadNamespace" };

    // Keywords are looked up for every name before a bracket, so by the token's span rather than a copy of it.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PythonKeywordLookup = PythonKeywords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RKeywordLookup = RKeywords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> JuliaKeywordLookup = JuliaKeywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly CodeLanguage _language;
    private readonly LineMap _lines;
    private readonly List<CodeImport> _imports = [];
    private readonly List<CodeCall> _calls = [];
    private readonly Dictionary<string, string> _aliases; // what each imported name stands for (a notebook's: shared by its cells)
    private readonly StringBuilder _name = new(); // the dotted name being read, reused from name to name

    private StructureReader(string text, List<Token> tokens, CodeLanguage language, LineMap lines, NotebookNames? names)
    {
        _aliases = names?.Aliases ?? new(StringComparer.Ordinal);
        _text = text;
        _tokens = tokens;
        _language = language;
        _lines = lines;
    }

    public string? Problem { get; private set; }

    /// <summary>
    /// Reads one file, or one notebook cell: <paramref name="names"/> then holds what the cells before it imported, and
    /// takes this cell's imports on to the next.
    /// </summary>
    public static (IReadOnlyList<CodeImport> Imports, IReadOnlyList<CodeCall> Calls, string? Problem) Read(string text, List<Token> tokens, CodeLanguage language, LineMap lines, NotebookNames? names = null)
    {
        if (language == CodeLanguage.Scala)
        {
            return ([], [], null);
        }

        var reader = new StructureReader(text, tokens, language, lines, names);
        reader.ReadImports(); // first: the calls are resolved through the aliases the imports set
        var calls = reader.ReadCalls();
        if (language == CodeLanguage.R)
        {
            reader.ReadRImports(calls);
        }

        return (reader._imports.OrderBy(i => i.Line).ToArray(), calls.ToArray(), reader.Problem);
    }

    /// <summary>A token's text: a name's without R's backquotes.</summary>
    private ReadOnlySpan<char> TokenSpan(int index) =>
        _tokens[index] is var t && t.Kind == TokenKind.Name ? _text.AsSpan(t.ContentStart, t.ContentEnd - t.ContentStart) : _text.AsSpan(t.Start, t.End - t.Start);

    private string TokenText(int index) => TokenSpan(index).ToString();

    private bool IsOp(int index, string op) =>
        index >= 0 && index < _tokens.Count && _tokens[index] is var token && token.Kind == TokenKind.Op && token.End - token.Start == op.Length
        && _text.AsSpan(token.Start, op.Length).SequenceEqual(op);

    private bool IsName(int index, string? name = null) =>
        index >= 0 && index < _tokens.Count && _tokens[index].Kind == TokenKind.Name && (name is null || TokenSpan(index).SequenceEqual(name));

    private bool IsStatementEnd(int index) =>
        index >= _tokens.Count || _tokens[index].Kind is TokenKind.Newline or TokenKind.Magic || IsOp(index, ";");

    /// <summary>Does a statement start at this token: first of the text, after a line end or `;`, or after `try:`.</summary>
    private bool IsStatementStart(int index, int depth) =>
        depth == 0 && (index == 0 || IsStatementEnd(index - 1) || IsOp(index - 1, ":"));

    /// <summary>The name with its first segment replaced by what the imports say it stands for.</summary>
    private string Resolve(string name)
    {
        var dot = name.IndexOf('.');
        var first = dot < 0 ? name.AsSpan() : name.AsSpan(0, dot);
        return !_aliases.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(first, out var target) ? name
            : first.SequenceEqual(target) ? name // `import torch`: torch stands for itself
            : string.Concat(target, name.AsSpan(first.Length));
    }

    /// <summary>Records what an imported name stands for; past <see cref="MaxAliases"/> names, only known ones change.</summary>
    private void SetAlias(string alias, string target)
    {
        if (_aliases.Count < MaxAliases || _aliases.ContainsKey(alias))
        {
            _aliases[alias] = target;
        }
    }

    private void AddImport(string module, IReadOnlyList<string> names, int tokenIndex)
    {
        if (_imports.Count < MaxImports && module.Length > 0)
        {
            var start = _tokens[tokenIndex].Start;
            _imports.Add(new CodeImport(module, names, _lines.LineOf(start), _lines.LineText(start, SourceText.MaxTextLength)));
        }
    }

    private void ReadImports()
    {
        if (_language == CodeLanguage.R)
        {
            return; // R loads packages by calling functions; see ReadRImports
        }

        var depth = 0;
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            if (token.Kind == TokenKind.Op)
            {
                depth = Math.Max(0, depth + BracketDelta(i));
                continue;
            }

            if (token.Kind != TokenKind.Name || !IsStatementStart(i, depth))
            {
                continue;
            }

            var word = TokenSpan(i);
            if (_language == CodeLanguage.Python && word is "import")
            {
                i = ReadPythonImport(i);
            }
            else if (_language == CodeLanguage.Python && word is "from")
            {
                i = ReadPythonFrom(i);
            }
            else if (_language == CodeLanguage.Julia && word is "using" or "import")
            {
                i = ReadJuliaImport(i);
            }
        }
    }

    private int BracketDelta(int index) => _tokens[index] is var token && token.End - token.Start != 1 ? 0 : _text[token.Start] switch
    {
        '(' or '[' or '{' => 1,
        ')' or ']' or '}' => -1,
        _ => 0,
    };

    /// <summary>Reads `a.b.c` from token <paramref name="i"/>; returns the name and the index after it.</summary>
    private (string Name, int Next) DottedName(int i)
    {
        var builder = _name.Clear();
        var segments = 0;
        while (IsName(i) && segments < MaxNameSegments)
        {
            builder.Append(TokenSpan(i));
            segments++;
            i++;
            if (!IsOp(i, ".") || !IsName(i + 1))
            {
                break;
            }

            builder.Append('.');
            i++;
        }

        return (builder.ToString(), i);
    }

    /// <summary>`import a.b as c, d`: each module an import; c means a.b, d means d.</summary>
    private int ReadPythonImport(int at)
    {
        var i = at + 1;
        while (!IsStatementEnd(i))
        {
            var (module, next) = DottedName(i);
            if (module.Length == 0)
            {
                break;
            }

            i = next;
            if (IsName(i, "as") && IsName(i + 1))
            {
                SetAlias(TokenText(i + 1), module);
                i += 2;
            }
            else
            {
                var first = module.Split('.')[0];
                SetAlias(first, first);
            }

            AddImport(module, [], at);
            if (!IsOp(i, ","))
            {
                break;
            }

            i++;
        }

        return i - 1;
    }

    /// <summary>`from .a.b import (c as d, e)`: one import of the module with the names; d means .a.b.c.</summary>
    private int ReadPythonFrom(int at)
    {
        var i = at + 1;
        var module = new StringBuilder();
        while (IsOp(i, ".") || IsOp(i, "..."))
        {
            module.Append(TokenText(i));
            i++;
        }

        if (!IsName(i, "import"))
        {
            var (dotted, next) = DottedName(i);
            module.Append(dotted);
            i = next;
        }

        if (!IsName(i, "import"))
        {
            return i - 1;
        }

        i++;
        var parenthesised = IsOp(i, "(");
        if (parenthesised)
        {
            i++;
        }

        var names = new List<string>();
        while (i < _tokens.Count && (parenthesised ? !IsOp(i, ")") : !IsStatementEnd(i)) && names.Count < MaxArguments)
        {
            if (_tokens[i].Kind is TokenKind.Newline)
            {
                i++;
                continue;
            }

            if (IsOp(i, "*"))
            {
                names.Add("*");
                i++;
            }
            else if (IsName(i))
            {
                i = ImportName(i, module.ToString(), names);
            }
            else if (IsOp(i, ","))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        AddImport(module.ToString(), names, at);
        return i - 1;
    }

    /// <summary>One name imported from a module, `name` or `name as alias`: records it and its alias; returns the index after it.</summary>
    private int ImportName(int i, string module, List<string> names)
    {
        var name = TokenText(i);
        names.Add(name);
        var alias = name;
        i++;
        if (IsName(i, "as") && IsName(i + 1))
        {
            alias = TokenText(i + 1);
            i += 2;
        }

        SetAlias(alias, CodeImport.Qualify(module, name));
        return i;
    }

    /// <summary>`using A, B.C`, `using A: f, g`, `import A as B`, `import .Local`.</summary>
    private int ReadJuliaImport(int at)
    {
        var i = at + 1;
        while (!IsStatementEnd(i))
        {
            var module = new StringBuilder();
            while (IsOp(i, ".") || IsOp(i, "..."))
            {
                module.Append(TokenText(i));
                i++;
            }

            var (dotted, next) = DottedName(i);
            module.Append(dotted);
            i = next;
            var name = module.ToString();
            if (dotted.Length == 0)
            {
                break;
            }

            var names = new List<string>();
            if (IsOp(i, ":"))
            {
                i++;
                while (IsName(i) && names.Count < MaxArguments)
                {
                    i = ImportName(i, name, names);
                    if (!IsOp(i, ","))
                    {
                        break;
                    }

                    i++;
                }
            }
            else if (IsName(i, "as") && IsName(i + 1))
            {
                SetAlias(TokenText(i + 1), name);
                i += 2;
            }

            AddImport(name, names, at);
            if (!IsOp(i, ","))
            {
                break;
            }

            i++;
        }

        return i - 1;
    }

    /// <summary>R: library(x), require("x"), requireNamespace("x"), pacman::p_load(x, y), and each pkg::f use.</summary>
    private void ReadRImports(IReadOnlyList<CodeCall> calls)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            var loader = call.Name.StartsWith("base::", StringComparison.Ordinal) ? call.Name[6..] : call.Name;
            IEnumerable<string> packages = loader switch
            {
                _ when RLoaders.Contains(loader) && call.Keyword("character.only") is null =>
                    (call.Keyword("package") ?? call.Arguments.FirstOrDefault(a => a.Keyword is null)?.Value) is { } first ? [first] : [],
                "p_load" or "pacman::p_load" => call.Arguments.Where(a => a.Keyword is null).Select(a => a.Value),
                _ => [],
            };
            foreach (var package in packages.Select(Unquote).Where(IsRPackageName))
            {
                if (_imports.Count < MaxImports)
                {
                    _imports.Add(new CodeImport(package, [], call.Line, call.Text));
                }
            }
        }

        for (var i = 0; i + 2 < _tokens.Count; i++)
        {
            if (IsName(i) && (IsOp(i + 1, "::") || IsOp(i + 1, ":::")) && IsName(i + 2) && seen.Add(TokenText(i)) && _imports.Count < MaxImports)
            {
                var start = _tokens[i].Start;
                _imports.Add(new CodeImport(TokenText(i), [TokenText(i + 2)], _lines.LineOf(start), _lines.LineText(start, SourceText.MaxTextLength)));
            }
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;

    private static bool IsRPackageName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '.');

    private bool IsKeyword(ReadOnlySpan<char> name) => _language switch
    {
        CodeLanguage.Python => PythonKeywordLookup.Contains(name),
        CodeLanguage.R => RKeywordLookup.Contains(name),
        _ => JuliaKeywordLookup.Contains(name),
    };

    private List<CodeCall> ReadCalls()
    {
        var stack = new List<Frame?>(); // null for a bracket that is not a call's
        var overflow = 0;
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            var top = overflow == 0 && stack.Count > 0 ? stack[^1] : null;
            if (token.Kind == TokenKind.Op)
            {
                var delta = BracketDelta(i);
                if (delta > 0)
                {
                    top?.CountToken(IsOp(i, "**"));
                    if (stack.Count >= MaxNesting)
                    {
                        overflow++;
                        Problem ??= $"brackets nest deeper than {MaxNesting}; calls inside them were not read";
                        continue;
                    }

                    stack.Add(_text[token.Start] == '(' ? CallAt(i) : null);
                    continue;
                }

                if (delta < 0)
                {
                    if (overflow > 0)
                    {
                        overflow--;
                    }
                    else if (stack.Count > 0)
                    {
                        var closed = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        if (closed is not null)
                        {
                            FinishArgument(closed, token.Start);
                            AddCall(closed, token.End);
                        }
                    }

                    continue;
                }

                if (top is not null && (IsOp(i, ",") || (_language == CodeLanguage.Julia && IsOp(i, ";"))))
                {
                    FinishArgument(top, token.Start);
                    top.ArgumentStart = token.End;
                    continue;
                }

                if (top is not null && IsOp(i, "=") && top.ArgumentTokens == 1 && IsName(i - 1))
                {
                    top.Keyword = i - 1;
                    top.ArgumentStart = token.End;
                    top.ArgumentTokens++;
                    continue;
                }

                if (_language == CodeLanguage.Python && IsOp(i, "@") && IsStatementStart(i, stack.Count + overflow))
                {
                    AddBareDecorator(i);
                }
            }

            top?.CountToken(IsOp(i, "**"));
        }

        return _calls;
    }

    /// <summary>The frame of a call when a name (or a chain of names) comes right before the bracket, else null.</summary>
    private Frame? CallAt(int open)
    {
        var end = open - 1;
        if (_language == CodeLanguage.Julia && IsOp(end, ".") && IsName(end - 1))
        {
            end--; // f.(x) broadcasts f
        }

        if (!IsName(end) || IsKeyword(TokenSpan(end)))
        {
            return null;
        }

        var start = end;
        var segments = 1;
        while (segments < MaxNameSegments && IsName(start - 2) && (IsOp(start - 1, ".") || (_language == CodeLanguage.R && (IsOp(start - 1, "::") || IsOp(start - 1, ":::")))))
        {
            start -= 2;
            segments++;
        }

        if (IsName(start - 1, "def") || IsName(start - 1, "class") || IsName(start - 1, "function") || IsName(start - 1, "macro"))
        {
            return null; // a definition, not a call
        }

        var name = _name.Clear();
        if (IsOp(start - 1, ".") && start >= 2 && _tokens[start - 2].Kind is TokenKind.Op or TokenKind.String)
        {
            name.Append("()."); // called on the result of a call or subscript: Model().fit(...)
        }

        for (var i = start; i <= end; i++)
        {
            name.Append(TokenSpan(i));
        }

        return new Frame(name.ToString(), _tokens[start].Start, _tokens[open].End);
    }

    private void AddBareDecorator(int at)
    {
        var (name, next) = DottedName(at + 1);
        if (name.Length > 0 && !IsOp(next, "(") && _calls.Count < MaxCalls)
        {
            var start = _tokens[at].Start;
            _calls.Add(new CodeCall(name, Resolve(name), _lines.LineOf(start), _text, start, _tokens[next - 1].End, []));
        }
    }

    private void FinishArgument(Frame frame, int end)
    {
        if (frame.ArgumentTokens > 0 && (frame.Arguments?.Count ?? 0) < MaxArguments && !frame.ArgumentIsKeywordUnpacking)
        {
            var keyword = frame.Keyword < 0 ? default : _tokens[frame.Keyword];
            (frame.Arguments ??= []).Add(new ArgumentSpan(frame.Keyword < 0 ? -1 : keyword.ContentStart, keyword.ContentEnd, frame.ArgumentStart, end));
        }

        frame.ArgumentTokens = 0;
        frame.Keyword = -1;
        frame.ArgumentIsKeywordUnpacking = false;
    }

    private void AddCall(Frame frame, int end)
    {
        if (_calls.Count >= MaxCalls)
        {
            Problem ??= $"more than {MaxCalls} calls; the rest were not read";
            return;
        }

        _calls.Add(new CodeCall(frame.Name, Resolve(frame.Name), _lines.LineOf(frame.NameStart), _text, frame.NameStart, end, frame.Arguments?.ToArray() ?? []));
    }

    /// <summary>An open call: its name, and its arguments so far.</summary>
    private sealed class Frame(string name, int nameStart, int argumentStart)
    {
        public string Name { get; } = name;
        public int NameStart { get; } = nameStart;

        /// <summary>The arguments read so far; null until the first.</summary>
        public List<ArgumentSpan>? Arguments { get; set; }

        public int ArgumentStart { get; set; } = argumentStart;
        public int ArgumentTokens { get; set; }

        /// <summary>The token of the current argument's keyword, or -1.</summary>
        public int Keyword { get; set; } = -1;

        public bool ArgumentIsKeywordUnpacking { get; set; }

        public void CountToken(bool isDoubleStar)
        {
            ArgumentIsKeywordUnpacking |= ArgumentTokens == 0 && isDoubleStar; // f(**options) names no keyword
            ArgumentTokens++;
        }
    }
}
