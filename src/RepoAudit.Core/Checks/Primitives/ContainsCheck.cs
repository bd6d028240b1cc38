using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `contains: { files, pattern, in, min_files, exclude }` holds when at least min_files of the matching files contain
/// the pattern. In code files (see <see cref="CodeLanguages"/>) it searches the code by default, with comments and
/// docstrings blanked; `in: strings | comments | all` searches string literals, comments and docstrings, or the raw
/// text. Other files are always searched as raw text. Notebooks are searched in their code cells only; binaries and
/// files over the size cap are skipped and counted.
/// </summary>
public sealed class ContainsCheck(FileScope scope, RulePattern pattern, CodeRegion region) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "contains", [.. FileScope.ArgumentNames, "pattern", "in"], ["files", "pattern"]);
        return new ContainsCheck(
            FileScope.Read(reader, args, "contains"),
            reader.Regex(args["pattern"].Value, "'contains.pattern'"),
            args.TryGetValue("in", out var where) ? ReadRegion(reader, where.Value) : CodeRegion.Code);
    }

    private static CodeRegion ReadRegion(CheckReader reader, YamlNode node) => reader.String(node, "'contains.in'") switch
    {
        "code" => CodeRegion.Code,
        "strings" => CodeRegion.Strings,
        "comments" => CodeRegion.Comments,
        "all" => CodeRegion.All,
        var other => throw reader.Error(node, $"'contains.in' must be code, strings, comments or all, found '{other}'"),
    };

    public CheckResult Evaluate(CheckContext context) =>
        scope.Search(context, this, "no match", path => Search(context.Snapshot, path));

    private (Evidence?, string?) Search(RepositorySnapshot snapshot, string path) =>
        Texts(snapshot, path, region, out var problem) is { } texts ? (FirstMatch(path, texts), null) : (null, problem);

    /// <summary>
    /// The text a search reads in a file: in a code file, the region asked for of each view (with the raw text, to
    /// show a hit as written); in any other file, or for <see cref="CodeRegion.All"/>, the raw text. Null with the
    /// problem when the file cannot be read.
    /// </summary>
    public static IEnumerable<(string Searched, string Raw, string? Cell)>? Texts(RepositorySnapshot snapshot, string path, CodeRegion region, out string? problem)
    {
        if (region != CodeRegion.All && CodeLanguages.Of(path) is not null)
        {
            var views = snapshot.Code(path, out problem);
            return views?.Select(view => (view.View(region), view.Text, view.Cell));
        }

        var segments = snapshot.SearchableText(path, out problem);
        return segments?.Select(segment => (segment.Text, segment.Text, segment.Cell));
    }

    /// <summary>The first match in the searched text, shown as the raw line it is on.</summary>
    private Evidence? FirstMatch(string path, IEnumerable<(string Searched, string Raw, string? Cell)> segments)
    {
        foreach (var (searched, raw, cell) in segments)
        {
            var match = pattern.Match(searched);
            if (match.Success)
            {
                return FileScope.At(path, cell, Patterns.LineAt(searched, match.Index), Patterns.LineTextAt(raw, match.Index));
            }
        }

        return null;
    }
}
