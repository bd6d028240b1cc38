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
public sealed record CodeCall(string Name, string Resolved, int Line, IReadOnlyList<CodeArgument> Arguments, string Text)
{
    public int PositionalCount => Arguments.Count(argument => argument.Keyword is null);

    /// <summary>The value of the last keyword argument of that name, or null when it is not given.</summary>
    public string? Keyword(string name) => Arguments.LastOrDefault(argument => argument.Keyword == name)?.Value;
}
