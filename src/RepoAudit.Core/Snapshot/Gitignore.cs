namespace RepoAudit.Core.Snapshot;

/// <summary>
/// The .gitignore files of a tree, evaluated the way git does: later lines win, '!' re-includes, a trailing '/' only
/// matches folders, a '/' at the start or in the middle anchors the pattern to the .gitignore's own folder, and nothing
/// inside an ignored folder can be re-included. Matching never throws and is linear in the path and pattern segments
/// (see <see cref="GitignorePattern"/>); a line git cannot use is skipped and listed in <see cref="SkippedPatterns"/>.
/// </summary>
public sealed class Gitignore
{
    private readonly List<(string[] Base, string File, List<GitignorePattern> Patterns)> _files = [];
    private readonly List<SkippedPattern> _skipped = [];

    /// <summary>A .gitignore line that is not used as a pattern, and why.</summary>
    public sealed record SkippedPattern(string File, int Line, string Text, string Reason);

    /// <summary>Adds the patterns of the .gitignore that sits in <paramref name="folder"/> ("" for the root).</summary>
    public void Add(string folder, string text)
    {
        folder = folder.Trim('/');
        var file = folder.Length == 0 ? ".gitignore" : $"{folder}/.gitignore";
        var patterns = new List<GitignorePattern>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (GitignorePattern.Parse(line, i + 1, out var problem) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else if (problem is not null)
            {
                var shown = line.Length > 80 ? line[..80] + "…" : line;
                _skipped.Add(new SkippedPattern(file, i + 1, shown, problem));
            }
        }

        _files.Add((folder.Length == 0 ? [] : folder.Split('/'), file, patterns));
        // Deeper files take precedence over shallower ones, so evaluate from the root downwards.
        _files.Sort((a, b) => a.Base.Length.CompareTo(b.Base.Length));
    }

    public bool IsEmpty => _files.Count == 0;

    /// <summary>The lines that were skipped because git cannot use them as patterns (a reversed range, an unclosed '[').</summary>
    public IReadOnlyList<SkippedPattern> SkippedPatterns => _skipped;

    /// <summary>Is the path (a file, or a folder when <paramref name="isFolder"/>) ignored?</summary>
    public bool IsIgnored(string path, bool isFolder)
    {
        var segments = path.Trim('/').Split('/');
        // A path is ignored when any of its parent folders is: git never looks inside an excluded folder.
        for (var i = 1; i < segments.Length; i++)
        {
            if (Evaluate(segments, i, isFolder: true).Ignored)
            {
                return true;
            }
        }

        return Evaluate(segments, segments.Length, isFolder).Ignored;
    }

    /// <summary>
    /// Is the path ignored by a pattern of its own, its parent folders being known not to be? For a walk that never
    /// enters ignored folders, this answers <see cref="IsIgnored"/> without re-judging every parent.
    /// </summary>
    public bool IsIgnoredInVisibleFolder(string path, bool isFolder)
    {
        var segments = path.Trim('/').Split('/');
        return Evaluate(segments, segments.Length, isFolder).Ignored;
    }

    /// <summary>The .gitignore line that decides this path, for evidence; null when none does.</summary>
    public string? DecidingLine(string path, bool isFolder)
    {
        var segments = path.Trim('/').Split('/');
        for (var i = 1; i <= segments.Length; i++)
        {
            var (ignored, line) = Evaluate(segments, i, i < segments.Length || isFolder);
            if (ignored)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Judges the path made of the first <paramref name="length"/> segments.</summary>
    private (bool Ignored, string? Line) Evaluate(string[] segments, int length, bool isFolder)
    {
        var ignored = false;
        string? line = null;
        foreach (var (baseFolder, file, patterns) in _files)
        {
            if (!IsInside(segments, length, baseFolder))
            {
                continue;
            }

            foreach (var pattern in patterns)
            {
                if (pattern.Matches(segments, baseFolder.Length, length, isFolder))
                {
                    ignored = !pattern.Negated;
                    line = baseFolder.Length == 0 ? pattern.Text : $"{file}: {pattern.Text}";
                }
            }
        }

        return (ignored, line);
    }

    private static bool IsInside(string[] segments, int length, string[] baseFolder)
    {
        if (baseFolder.Length >= length)
        {
            return false;
        }

        for (var i = 0; i < baseFolder.Length; i++)
        {
            if (!string.Equals(segments[i], baseFolder[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
