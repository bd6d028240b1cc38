using System.Text.RegularExpressions;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

public enum StructuredFormat
{
    Yaml,
    Json,
    Toml,
}

/// <summary>
/// `yaml / json / toml: { files, path, pattern }` holds when, in some matching file, a value at the path matches the
/// pattern (without a pattern: the path exists). A file that does not parse is reported; if no file satisfies the
/// check and some could not be parsed, the verdict is an error rather than a guess.
/// </summary>
public sealed class StructuredCheck(StructuredFormat format, IReadOnlyList<string> files, string path, RulePattern? pattern) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node, StructuredFormat format)
    {
        var name = format.ToString().ToLowerInvariant();
        var args = reader.Arguments(node, name, ["files", "path", "pattern"], ["files", "path"]);
        var path = reader.String(args["path"].Value, $"'{name}.path'");
        if (DataNodes.ValidatePath(path) is { } problem)
        {
            throw reader.Error(args["path"].Value, problem);
        }

        return new StructuredCheck(
            format,
            reader.Globs(args["files"].Value, $"'{name}.files'"),
            path,
            args.TryGetValue("pattern", out var pattern) ? reader.Regex(pattern.Value, $"'{name}.pattern'") : null);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var candidates = context.MatchFiles(files);
        var broken = new List<Evidence>();
        foreach (var file in candidates)
        {
            var content = snapshot.Read(file);
            if (!content.IsText)
            {
                broken.Add(Evidence.File(file, $"not read: {content.Describe()}"));
                continue;
            }

            DataNode root;
            try
            {
                root = format switch
                {
                    StructuredFormat.Yaml => DataNodes.FromYaml(content.Text!),
                    StructuredFormat.Json => DataNodes.FromJson(content.Text!),
                    _ => Toml.Parse(content.Text!),
                };
            }
            catch (FormatException ex)
            {
                broken.Add(Evidence.File(file, $"could not be parsed as {format.ToString().ToUpperInvariant()}: {ex.Message}"));
                continue;
            }

            foreach (var hit in DataNodes.Select(root, path))
            {
                if (pattern is null)
                {
                    return CheckResult.Holds($"{file} has {hit.Path}", [new Evidence(file, hit.Node.Line, null, $"{hit.Path} is set")]);
                }

                foreach (var (value, line) in DataNodes.Scalars(hit.Node))
                {
                    var match = pattern.Match(value);
                    if (match.Success)
                    {
                        return CheckResult.Holds($"{file}: {hit.Path} matches '{pattern}'",
                            [new Evidence(file, line, null, $"{hit.Path}: {Patterns.LineTextAt(value, match.Index)}")]);
                    }
                }
            }
        }

        var what = pattern is null ? $"'{path}'" : $"'{path}' matching '{pattern}'";
        var summary = candidates.Count == 0
            ? $"no files match {EvidenceList.Some(files)}"
            : $"no {what} in {EvidenceList.LookedAt(candidates)}";
        // As with a text search, a failure shows the files that could not be read, not every file without the key: a
        // workflow file with no tracker setting is not what a missing tracker is made of.
        var evidence = EvidenceList.Capped(broken);
        return broken.Count > 0 && broken.Count == candidates.Count
            ? CheckResult.Error($"{EvidenceList.Plural(broken.Count, "file")} could not be read: {broken[0].Detail}", evidence)
            : CheckResult.Fails(summary, evidence);
    }
}
