using System.Text.RegularExpressions;

namespace RepoAudit.Core.Code;

/// <summary>
/// A source file (or one notebook cell) read as code, at the level of tokens. The three text views have the same
/// length and line structure as the original, so offsets and line numbers found in a view hold in the file:
/// <see cref="Code"/> has comments and docstrings blanked to spaces (string literals used in expressions are kept:
/// `split="test"` is code), <see cref="Strings"/> only the contents of string literals, <see cref="Comments"/> only
/// comments and docstrings. Imports and calls are read from the tokens. Building one is linear in the text and never
/// throws; what could not be read is said in <see cref="Problem"/>.
/// </summary>
public sealed partial class CodeView
{
    // The strings and comments views are asked for by few rules, so they are made anew on each use and never kept: a
    // scan of a large project holds its text and its code view, not four copies of every file. Making one is a copy
    // of the text, far cheaper than the search it is made for.
    private readonly Func<string> _strings;
    private readonly Func<string> _comments;

    private CodeView(string text, CodeLanguage language, string? cell, string code, Func<string> strings, Func<string> comments,
        IReadOnlyList<CodeImport> imports, IReadOnlyList<CodeCall> calls, string? problem)
    {
        Text = text;
        Language = language;
        Cell = cell;
        Code = code;
        _strings = strings;
        _comments = comments;
        Imports = imports;
        Calls = calls;
        Problem = problem;
    }

    /// <summary>The raw text.</summary>
    public string Text { get; }

    public CodeLanguage Language { get; }

    /// <summary>The notebook cell this view is of (`cell 3`), or null for a whole file.</summary>
    public string? Cell { get; }

    public string Code { get; }

    /// <summary>Only the contents of string literals; made on each call (see <see cref="_strings"/>).</summary>
    public string Strings => _strings();

    /// <summary>Only comments and docstrings; made on each call.</summary>
    public string Comments => _comments();

    /// <summary>The file's imports in line order.</summary>
    public IReadOnlyList<CodeImport> Imports { get; }

    /// <summary>The file's calls, innermost first where calls nest (in the order their brackets close).</summary>
    public IReadOnlyList<CodeCall> Calls { get; }

    // Positions in Calls by the last segment of the name as written and as resolved; made on first use, kept as exact
    // arrays because the views of a large project stay in memory for the whole scan.
    private Dictionary<string, int[]>? _callsByLastSegment;

    /// <summary>
    /// The positions in <see cref="Calls"/>, ascending, of the calls whose name as written or as resolved ends in the
    /// segment <paramref name="lastSegment"/> (what follows its last '.' or ':'). Every calls check asks about every
    /// call of every code file, and a call whose name ends otherwise cannot match a pattern such as `**.fit`.
    /// </summary>
    public IReadOnlyList<int> CallsEndingIn(string lastSegment) =>
        LazyInitializer.EnsureInitialized(ref _callsByLastSegment, IndexCalls).TryGetValue(lastSegment, out var positions) ? positions : [];

    private Dictionary<string, int[]> IndexCalls()
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var at = 0; at < Calls.Count; at++)
        {
            var name = LastSegment(Calls[at].Name);
            var resolved = LastSegment(Calls[at].Resolved);
            Add(name, at);
            if (!resolved.SequenceEqual(name))
            {
                Add(resolved, at);
            }
        }

        return index.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);

        void Add(ReadOnlySpan<char> segment, int at)
        {
            if (!lookup.TryGetValue(segment, out var positions))
            {
                positions = [];
                lookup[segment] = positions;
            }

            positions.Add(at);
        }

        static ReadOnlySpan<char> LastSegment(string name) => name.AsSpan(name.AsSpan().LastIndexOfAny('.', ':') + 1);
    }

    /// <summary>What could not be read (brackets nested too deep, too many calls), or null.</summary>
    public string? Problem { get; }

    public string View(CodeRegion region) => region switch
    {
        CodeRegion.Code => Code,
        CodeRegion.Strings => Strings,
        CodeRegion.Comments => Comments,
        _ => Text,
    };

    /// <summary>
    /// Reads a whole source file: R Markdown and Quarto files (.Rmd, .qmd) by their fenced chunks (prose counts as
    /// comments), anything else as <paramref name="language"/>.
    /// </summary>
    public static CodeView ForFile(string path, string text, CodeLanguage language) =>
        CodeLanguages.IsLiterate(path) ? Literate(text, language) : Parse(text, language);

    /// <summary>
    /// Reads text in one language. A notebook cell (<paramref name="notebookCell"/>) may hold IPython magics and shell
    /// lines (`%time`, `!pip install x`): they stay in the code view but are not read for imports and calls; a cell
    /// that starts with a cell magic other than %%time/%%timeit/%%capture is not Python at all. A notebook's cells are
    /// read in order with one <paramref name="notebookNames"/>, so that a call resolves through an earlier cell's imports.
    /// </summary>
    public static CodeView Parse(string text, CodeLanguage language, string? cell = null, bool notebookCell = false, NotebookNames? notebookNames = null)
    {
        if (notebookCell && language == CodeLanguage.Python && CellMagic().Match(text) is { Success: true } magic
            && magic.Groups[1].Value is not ("time" or "timeit" or "capture" or "prun" or "memit"))
        {
            return new CodeView(text, language, cell, text, () => Blank(text), () => Blank(text), [], [], null);
        }

        var lexed = Lexer.Tokenize(text, language, notebookCell);
        var (tokens, comments) = lexed;
        MarkDocstrings(text, tokens, language);
        var strings = new List<(int Start, int End)>();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Docstring:
                    comments.Add((token.Start, token.End));
                    break;
                case TokenKind.String:
                    strings.Add((token.ContentStart, token.ContentEnd));
                    break;
            }
        }

        var (imports, calls, problem) = StructureReader.Read(text, tokens, language, new LineMap(text), notebookNames);
        Lexer.Reuse(lexed);
        var (stringRanges, commentRanges) = (strings.ToArray(), comments.ToArray());
        return new CodeView(text, language, cell, Without(text, comments), () => Only(text, stringRanges), () => Only(text, commentRanges), imports, calls, problem);
    }

    /// <summary>
    /// R Markdown / Quarto: each fenced chunk (```{r}, ```{python}, ```{julia}) is read in its language, with every
    /// other line blanked so that line numbers hold; the prose and fences count as comments.
    /// </summary>
    private static CodeView Literate(string text, CodeLanguage fallback)
    {
        var masks = new Dictionary<CodeLanguage, char[]>();
        var prose = text.ToCharArray();
        var inChunk = false;
        CodeLanguage? current = null; // null inside a chunk of a language RepoAudit does not read: it stays prose
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
            var line = text.AsSpan(lineStart, lineEnd - lineStart).Trim();
            if (!inChunk && line.StartsWith("```") && ChunkStart().Match(line.ToString()) is { Success: true } start)
            {
                inChunk = true;
                current = CodeLanguages.Named(start.Groups[1].Value);
            }
            else if (inChunk && line.StartsWith("```") && line.TrimStart('`').IsEmpty)
            {
                inChunk = false;
                current = null;
            }
            else if (current is { } language)
            {
                if (!masks.TryGetValue(language, out var mask))
                {
                    masks[language] = mask = BlankChars(text);
                }

                Copy(text, mask, lineStart, lineEnd);
                BlankRange(prose, lineStart, lineEnd);
            }

            lineStart = lineEnd;
        }

        var code = BlankChars(text);
        var strings = BlankChars(text);
        var comments = prose;
        var imports = new List<CodeImport>();
        var calls = new List<CodeCall>();
        string? problem = null;
        foreach (var (language, mask) in masks)
        {
            var chunk = Parse(new string(mask), language);
            Overlay(chunk.Code, code);
            Overlay(chunk.Strings, strings);
            Overlay(chunk.Comments, comments);
            imports.AddRange(chunk.Imports);
            calls.AddRange(chunk.Calls);
            problem ??= chunk.Problem;
        }

        var (stringsView, commentsView) = (new string(strings), new string(comments));
        return new CodeView(text, fallback, null, new string(code), () => stringsView, () => commentsView,
            imports.OrderBy(i => i.Line).ToArray(), calls, problem);
    }

    /// <summary>
    /// Retags strings that document: in Python a string (or run of adjacent strings) that is a statement of its own,
    /// in Julia a string alone on its line at statement level right before a definition.
    /// </summary>
    private static void MarkDocstrings(string text, List<Token> tokens, CodeLanguage language)
    {
        if (language is not (CodeLanguage.Python or CodeLanguage.Julia))
        {
            return;
        }

        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Op && token.End - token.Start == 1)
            {
                depth += text[token.Start] switch { '(' or '[' or '{' => 1, ')' or ']' or '}' => depth > 0 ? -1 : 0, _ => 0 };
            }

            if (token.Kind != TokenKind.String || depth != 0 || !StartsStatement(text, tokens, i))
            {
                continue;
            }

            var last = i;
            while (language == CodeLanguage.Python && last + 1 < tokens.Count && tokens[last + 1].Kind == TokenKind.String)
            {
                last++;
            }

            var next = last + 1;
            var endsStatement = next >= tokens.Count || tokens[next].Kind is TokenKind.Newline or TokenKind.Magic || IsOp(text, tokens[next], ";");
            var documents = language == CodeLanguage.Python
                ? endsStatement
                : endsStatement && text[token.Start] == '"' && DefinitionFollows(text, tokens, next);
            if (documents)
            {
                for (var j = i; j <= last; j++)
                {
                    tokens[j] = tokens[j] with { Kind = TokenKind.Docstring };
                }
            }

            i = last;
        }
    }

    private static bool StartsStatement(string text, List<Token> tokens, int index) =>
        index == 0 || tokens[index - 1].Kind is TokenKind.Newline or TokenKind.Magic
        || IsOp(text, tokens[index - 1], ";") || IsOp(text, tokens[index - 1], ":");

    /// <summary>Julia: after the docstring's line, does a statement other than `end` follow?</summary>
    private static bool DefinitionFollows(string text, List<Token> tokens, int newline)
    {
        var next = newline;
        while (next < tokens.Count && tokens[next].Kind == TokenKind.Newline)
        {
            next++;
        }

        return next < tokens.Count && (tokens[next].Kind == TokenKind.Name ? text.AsSpan(tokens[next].Start, tokens[next].End - tokens[next].Start) is not "end" : IsOp(text, tokens[next], "@"));
    }

    private static bool IsOp(string text, Token token, string op) =>
        token.Kind == TokenKind.Op && token.End - token.Start == op.Length && string.CompareOrdinal(text, token.Start, op, 0, op.Length) == 0;

    private static string Blank(string text) => string.Create(text.Length, text, static (chars, text) => BlankInto(text, chars));

    /// <summary>The text with the given ranges blanked (line breaks kept); the text itself when there are none.</summary>
    private static string Without(string text, List<(int Start, int End)> ranges) => ranges.Count == 0 ? text
        : string.Create(text.Length, (text, ranges), static (chars, state) =>
        {
            state.text.CopyTo(chars);
            foreach (var (start, end) in state.ranges)
            {
                BlankRange(chars, start, end);
            }
        });

    /// <summary>The text with only the given ranges kept and everything else but line breaks blanked.</summary>
    private static string Only(string text, (int Start, int End)[] ranges) =>
        string.Create(text.Length, (text, ranges), static (chars, state) =>
        {
            BlankInto(state.text, chars);
            foreach (var (start, end) in state.ranges)
            {
                var length = Math.Max(0, Math.Min(end, state.text.Length) - start);
                state.text.AsSpan(start, length).CopyTo(chars[start..]);
            }
        });

    /// <summary>The text with every character but line breaks turned into a space.</summary>
    private static char[] BlankChars(string text)
    {
        var chars = new char[text.Length];
        BlankInto(text, chars);
        return chars;
    }

    // Spaces everywhere, then the line breaks put back: two vectorised passes instead of a test per character.
    private static void BlankInto(ReadOnlySpan<char> text, Span<char> chars)
    {
        chars.Fill(' ');
        for (var at = text.IndexOfAny('\n', '\r'); at >= 0;)
        {
            chars[at] = text[at];
            var next = text[(at + 1)..].IndexOfAny('\n', '\r');
            at = next < 0 ? -1 : at + 1 + next;
        }
    }

    private static void BlankRange(Span<char> chars, int start, int end)
    {
        for (var i = start; i < end && i < chars.Length; i++)
        {
            if (chars[i] is not ('\n' or '\r'))
            {
                chars[i] = ' ';
            }
        }
    }

    private static void Copy(string from, char[] to, int start, int end) =>
        from.CopyTo(start, to, start, Math.Max(0, Math.Min(end, from.Length) - start));

    /// <summary>Copies the non-blank characters of a view of one chunk language into the combined view.</summary>
    private static void Overlay(string view, char[] into)
    {
        for (var i = 0; i < view.Length; i++)
        {
            if (view[i] is not (' ' or '\n' or '\r'))
            {
                into[i] = view[i];
            }
        }
    }

    [GeneratedRegex(@"\A\s*%%([A-Za-z_]\w*)")]
    private static partial Regex CellMagic();

    [GeneratedRegex(@"^```+\s*\{\s*([A-Za-z0-9_-]+)")]
    private static partial Regex ChunkStart();
}

/// <summary>Line numbers of offsets, by binary search over the line starts; for one reader at a time.</summary>
internal sealed class LineMap
{
    private readonly string _text;
    private readonly List<int> _starts = [0];
    private int _lastLine; // the index of the line found last: calls are read in nearly the order of their lines

    public LineMap(string text)
    {
        _text = text;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            _starts.Add(i + 1);
        }
    }

    /// <summary>The 1-based line of an offset.</summary>
    public int LineOf(int offset)
    {
        var last = _lastLine;
        if (_starts[last] <= offset && (last + 1 == _starts.Count || offset < _starts[last + 1]))
        {
            return last + 1;
        }

        var index = _starts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        _lastLine = Math.Max(0, line);
        return line + 1;
    }

    /// <summary>The line around an offset, trimmed and cut to <paramref name="max"/> characters.</summary>
    public string LineText(int offset, int max)
    {
        var start = _starts[LineOf(offset) - 1];
        var end = _text.IndexOf('\n', start);
        var line = _text.AsSpan(start, (end < 0 ? _text.Length : end) - start).Trim();
        return line.Length <= max ? line.ToString() : string.Concat(line[..max], "…");
    }
}
