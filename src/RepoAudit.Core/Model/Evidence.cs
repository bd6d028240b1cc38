namespace RepoAudit.Core.Model;

/// <summary>One fact behind a verdict: a file and line, a blob in a commit, or a figure.</summary>
public sealed record Evidence(string? Path, int? Line, string? Commit, string Detail)
{
    public static Evidence File(string path, string detail, int? line = null) => new(path, line, null, detail);

    public static Evidence Note(string detail) => new(null, null, null, detail);

    /// <summary>Does it name a file (not a folder, not a note), so that a report can point at it?</summary>
    public bool PointsAtAFile => Path is { Length: > 0 } path && !path.EndsWith('/');
}
