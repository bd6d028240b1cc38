namespace RepoAudit.Core.Code;

/// <summary>The languages RepoAudit reads as code (tokens, not a compiler front end).</summary>
public enum CodeLanguage
{
    Python,
    R,
    Julia,

    /// <summary>Scala: comments and strings only (a C-like reading); no imports or calls.</summary>
    Scala,
}

/// <summary>Which files are code, by extension: one place, shared by the snapshot and the rule primitives.</summary>
public static class CodeLanguages
{
    /// <summary>The default `files` of the code primitives, and the files `contains` searches as code by default.</summary>
    public static readonly IReadOnlyList<string> FileGlobs = ["**/*.py", "**/*.ipynb", "**/*.R", "**/*.Rmd", "**/*.qmd", "**/*.jl", "**/*.scala"];

    /// <summary>The language of a file, or null when it is not a code file RepoAudit reads.</summary>
    public static CodeLanguage? Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".py" or ".ipynb" => CodeLanguage.Python,
        ".r" or ".rmd" or ".qmd" => CodeLanguage.R,
        ".jl" => CodeLanguage.Julia,
        ".scala" => CodeLanguage.Scala,
        _ => null,
    };

    /// <summary>Is the file R Markdown or Quarto: prose with fenced code chunks?</summary>
    public static bool IsLiterate(string path) =>
        path.EndsWith(".rmd", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".qmd", StringComparison.OrdinalIgnoreCase);

    /// <summary>The language a notebook or chunk names (`python3`, `ir`, `julia-1.9`), or null when it names none RepoAudit reads.</summary>
    public static CodeLanguage? Named(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        var n when n.StartsWith("python", StringComparison.Ordinal) || n == "ipython" => CodeLanguage.Python,
        "r" or "ir" => CodeLanguage.R,
        var n when n.StartsWith("julia", StringComparison.Ordinal) => CodeLanguage.Julia,
        "scala" => CodeLanguage.Scala,
        _ => null,
    };
}
