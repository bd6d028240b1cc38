namespace RepoAudit.Core.Snapshot;

/// <summary>
/// Glob matching over repository-relative paths ('/'-separated). Globs are case-insensitive, `**` spans folders, and a
/// glob ending in '/' names folders. Globs can never reach outside the repository: absolute paths and '..' are refused.
/// </summary>
public static class Globs
{
    /// <summary>Why a glob is unusable, or null when it is fine.</summary>
    public static string? Validate(string glob)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            return "a glob must not be empty";
        }

        if (glob.StartsWith('/') || glob.StartsWith('\\') || (glob.Length > 1 && glob[1] == ':'))
        {
            return $"glob '{glob}' is an absolute path; globs are relative to the repository root";
        }

        if (glob.Contains('\\'))
        {
            return $"glob '{glob}' contains a backslash; use '/' to separate folders";
        }

        if (glob.Split('/').Any(segment => segment == ".."))
        {
            return $"glob '{glob}' uses '..'; globs cannot reach outside the repository";
        }

        if (glob.Contains('{') || glob.Contains('}'))
        {
            return $"glob '{glob}' uses braces, which are not supported; list each alternative as its own glob";
        }

        return null;
    }

    public static bool IsFolderGlob(string glob) => glob.EndsWith('/');

    /// <summary>The paths among <paramref name="paths"/> that match any of the globs.</summary>
    public static IReadOnlyList<string> Match(IReadOnlyCollection<string> globs, IEnumerable<string> paths) =>
        globs.Count == 0 ? [] : Match(globs, new PathIndex(paths));

    internal static IReadOnlyList<string> Match(IReadOnlyCollection<string> globs, PathIndex index) =>
        globs.Count == 0 ? [] : index.Match(globs.Select(Normalize).ToArray());

    private static string Normalize(string glob)
    {
        var trimmed = glob.TrimEnd('/');
        return trimmed.StartsWith("./", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
    }

    /// <summary>Does one path match any glob? For small, one-off questions (history paths, config excludes).</summary>
    public static bool IsMatch(IReadOnlyCollection<string> globs, string path) => Match(globs, [path]).Count > 0;
}
