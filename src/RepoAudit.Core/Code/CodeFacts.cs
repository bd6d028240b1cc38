using System.Text;

namespace RepoAudit.Core.Code;

/// <summary>Which text of a source file a search looks at.</summary>
public enum CodeRegion
{
    /// <summary>The code: comments and docstrings blanked, string literals used in expressions kept.</summary>
    Code,

    /// <summary>Only the contents of string literals (not docstrings).</summary>
    Strings,

    /// <summary>Only comments and docstrings.</summary>
    Comments,

    /// <summary>The raw text.</summary>
    All,
}

/// <summary>
/// One import: the module as written (`a.b`, `.models`, `..`, R's `ggplot2`, Julia's `Flux`), the names taken from it
/// (`from a.b import c, d` gives c and d; empty for `import a.b`), its 1-based line and the line as written.
/// </summary>
public sealed record CodeImport(string Module, IReadOnlyList<string> Names, int Line, string Text)
{
    /// <summary>
    /// Does this import bring in <paramref name="module"/> or one of its submodules? `torch` covers `import torch.nn`;
    /// `sklearn.metrics` covers `from sklearn.metrics import f1_score` and `from sklearn import metrics`.
    /// </summary>
    public bool Covers(string module)
    {
        if (IsWithin(Module, module))
        {
            return true;
        }

        foreach (var name in Names)
        {
            if (IsWithin(Qualify(Module, name), module))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>`module.name`, or `.name` after a bare relative module such as `.` or `..`.</summary>
    public static string Qualify(string module, string name) => module.EndsWith('.') ? module + name : $"{module}.{name}";

    private static bool IsWithin(string imported, string module) =>
        imported.Equals(module, StringComparison.Ordinal)
        || (imported.StartsWith(module, StringComparison.Ordinal) && imported.Length > module.Length && imported[module.Length] == '.');
}

/// <summary>One argument of a call: the keyword (null when positional) and the value's text as written, bounded.</summary>
public sealed record CodeArgument(string? Keyword, string Value);

/// <summary>
/// One call: the dotted name as written (`self.model.fit`; `().fit` when called on a call's result or a subscript;
/// R's `pkg::f` as written), the name resolved through the file's imports (`np.random.seed` is
/// `numpy.random.seed`), its 1-based line, its arguments in order and the call's text on one line.
/// Python decorators, bare ones included, are calls.
/// </summary>
public sealed class CodeCall
{
    // A file has thousands of calls and a check asks for the text or arguments of the few whose names it matches, so
    // both are kept as places in the source and made on first use (a race makes the same value twice, harmlessly).
    private readonly string _source;
    private readonly int _start;
    private readonly int _end;
    private readonly ArgumentSpan[] _argumentSpans;
    private IReadOnlyList<CodeArgument>? _arguments;
    private string? _text;

    internal CodeCall(string name, string resolved, int line, string source, int start, int end, ArgumentSpan[] arguments)
    {
        (Name, Resolved, Line) = (name, resolved, line);
        (_source, _start, _end, _argumentSpans) = (source, start, end, arguments);
    }

    public string Name { get; }

    public string Resolved { get; }

    public int Line { get; }

    public IReadOnlyList<CodeArgument> Arguments => _arguments ??= Array.ConvertAll(_argumentSpans, argument => argument.Read(_source));

    /// <summary>The call's text on one line (<see cref="SourceText.OneLine"/>), bounded.</summary>
    public string Text => _text ??= SourceText.OneLine(_source, _start, _end, SourceText.MaxTextLength);

    public int PositionalCount => Arguments.Count(argument => argument.Keyword is null);

    /// <summary>The value of the last keyword argument of that name, or null when it is not given.</summary>
    public string? Keyword(string name) => Arguments.LastOrDefault(argument => argument.Keyword == name)?.Value;
}

/// <summary>Where an argument is in the source: its keyword's name (start -1 when positional) and its value.</summary>
internal readonly record struct ArgumentSpan(int KeywordStart, int KeywordEnd, int ValueStart, int ValueEnd)
{
    public CodeArgument Read(string source) => new(
        KeywordStart < 0 ? null : source[KeywordStart..KeywordEnd],
        SourceText.OneLine(source, ValueStart, ValueEnd, SourceText.MaxValueLength));
}

/// <summary>Source text shown in evidence.</summary>
internal static class SourceText
{
    /// <summary>The longest call text or line shown (longer ones are cut with an ellipsis).</summary>
    public const int MaxTextLength = 160;

    /// <summary>The longest argument value kept.</summary>
    public const int MaxValueLength = 200;

    /// <summary>Source text on one line: runs of whitespace (newlines included) become one space; cut with an ellipsis.</summary>
    public static string OneLine(string text, int start, int end, int max)
    {
        var builder = new StringBuilder();
        var space = false;
        var scanEnd = Math.Min(end, start + (max * 8)); // bounded even when the call spans megabytes of blank lines
        for (var i = start; i < scanEnd && builder.Length <= max; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.Length > max || scanEnd < end ? builder.ToString(0, Math.Min(max, builder.Length)) + "…" : builder.ToString();
    }
}
