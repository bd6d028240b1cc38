using System.Text;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Snapshot;

/// <summary>
/// The .gitignore files of a tree, evaluated the way git does: later lines win, '!' re-includes, a trailing '/' only
/// matches folders, a '/' at the start or in the middle anchors the pattern to the .gitignore's own folder, and nothing
/// inside an ignored folder can be re-included.
/// </summary>
public sealed class Gitignore
{
    private readonly List<(string Base, List<Pattern> Patterns)> _files = [];

    /// <summary>Adds the patterns of the .gitignore that sits in <paramref name="folder"/> ("" for the root).</summary>
    public void Add(string folder, string text)
    {
        var patterns = new List<Pattern>();
        foreach (var rawLine in text.Split('\n'))
        {
            var pattern = Pattern.Parse(rawLine.TrimEnd('\r'));
            if (pattern is not null)
            {
                patterns.Add(pattern);
            }
        }

        _files.Add((folder.Trim('/'), patterns));
        // Deeper files take precedence over shallower ones, so evaluate from the root downwards.
        _files.Sort((a, b) => Depth(a.Base).CompareTo(Depth(b.Base)));
    }

    public bool IsEmpty => _files.Count == 0;

    /// <summary>Is the path (a file, or a folder when <paramref name="isFolder"/>) ignored?</summary>
    public bool IsIgnored(string path, bool isFolder)
    {
        var segments = path.Trim('/').Split('/');
        // A path is ignored when any of its parent folders is: git never looks inside an excluded folder.
        for (var i = 1; i < segments.Length; i++)
        {
            if (Decide(string.Join('/', segments[..i]), isFolder: true))
            {
                return true;
            }
        }

        return Decide(path.Trim('/'), isFolder);
    }

    /// <summary>The .gitignore line that decides this path, for evidence; null when none does.</summary>
    public string? DecidingLine(string path, bool isFolder)
    {
        var segments = path.Trim('/').Split('/');
        for (var i = 1; i <= segments.Length; i++)
        {
            var prefix = string.Join('/', segments[..i]);
            var folder = i < segments.Length || isFolder;
            var (ignored, line) = Evaluate(prefix, folder);
            if (ignored)
            {
                return line;
            }
        }

        return null;
    }

    private bool Decide(string path, bool isFolder) => Evaluate(path, isFolder).Ignored;

    private (bool Ignored, string? Line) Evaluate(string path, bool isFolder)
    {
        var ignored = false;
        string? line = null;
        foreach (var (baseFolder, patterns) in _files)
        {
            string relative;
            if (baseFolder.Length == 0)
            {
                relative = path;
            }
            else if (path.StartsWith(baseFolder + "/", StringComparison.Ordinal))
            {
                relative = path[(baseFolder.Length + 1)..];
            }
            else
            {
                continue;
            }

            foreach (var pattern in patterns)
            {
                if (pattern.Matches(relative, isFolder))
                {
                    ignored = !pattern.Negated;
                    line = baseFolder.Length == 0 ? pattern.Text : $"{baseFolder}/.gitignore: {pattern.Text}";
                }
            }
        }

        return (ignored, line);
    }

    private static int Depth(string folder) => folder.Length == 0 ? 0 : folder.Count(c => c == '/') + 1;

    private sealed class Pattern
    {
        private readonly Regex _regex;
        private readonly bool _folderOnly;

        private Pattern(string text, Regex regex, bool negated, bool folderOnly)
        {
            Text = text;
            _regex = regex;
            Negated = negated;
            _folderOnly = folderOnly;
        }

        public string Text { get; }

        public bool Negated { get; }

        public bool Matches(string relativePath, bool isFolder) =>
            (!_folderOnly || isFolder) && _regex.IsMatch(relativePath);

        public static Pattern? Parse(string line)
        {
            var text = TrimTrailingSpaces(line);
            if (text.Length == 0 || text.StartsWith('#'))
            {
                return null;
            }

            var original = text;
            var negated = false;
            if (text.StartsWith('!'))
            {
                negated = true;
                text = text[1..];
            }
            else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
            {
                text = text[1..];
            }

            var folderOnly = text.EndsWith('/');
            text = text.TrimEnd('/');
            if (text.Length == 0)
            {
                return null;
            }

            // A slash anywhere but the end anchors the pattern to the .gitignore's folder.
            var anchored = text.Contains('/');
            text = text.TrimStart('/');
            var body = GlobToRegex(text);
            var regex = anchored ? $"^{body}$" : $"^(?:.*/)?{body}$";
            return new Pattern(original, new Regex(regex, RegexOptions.CultureInvariant), negated, folderOnly);
        }

        private static string TrimTrailingSpaces(string line)
        {
            var end = line.Length;
            while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
            {
                end--;
            }

            return line[..end].Replace("\\ ", " ", StringComparison.Ordinal);
        }

        private static string GlobToRegex(string glob)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    var atStart = i == 0 || glob[i - 1] == '/';
                    var atEnd = i + 2 == glob.Length || glob[i + 2] == '/';
                    if (atStart && atEnd)
                    {
                        if (i + 2 == glob.Length)
                        {
                            sb.Append(".*"); // "a/**" matches everything inside a
                        }
                        else
                        {
                            sb.Append("(?:.*/)?"); // "**/b" and "a/**/b" match zero or more folders
                            i++;
                        }

                        i++;
                        continue;
                    }

                    sb.Append("[^/]*");
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '*':
                        sb.Append("[^/]*");
                        break;
                    case '?':
                        sb.Append("[^/]");
                        break;
                    case '[':
                        var close = glob.IndexOf(']', i + 2);
                        if (close < 0)
                        {
                            sb.Append("\\[");
                            break;
                        }

                        var set = glob[(i + 1)..close];
                        if (set.StartsWith('!'))
                        {
                            set = "^" + set[1..];
                        }

                        sb.Append('[').Append(set.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                        i = close;
                        break;
                    case '\\' when i + 1 < glob.Length:
                        sb.Append(Regex.Escape(glob[i + 1].ToString()));
                        i++;
                        break;
                    default:
                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return sb.ToString();
        }
    }
}
