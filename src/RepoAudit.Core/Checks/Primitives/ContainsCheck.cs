using System.Text.RegularExpressions;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `contains: { files, pattern, min_files }` holds when at least min_files of the matching files contain the pattern.
/// Notebooks are searched in their code cells only; binaries and files over the size cap are skipped and counted.
/// </summary>
public sealed class ContainsCheck(IReadOnlyList<string> files, IReadOnlyList<string> exclude, RulePattern pattern, int minFiles) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "contains", ["files", "pattern", "min_files", "exclude"], ["files", "pattern"]);
        return new ContainsCheck(
            reader.Globs(args["files"].Value, "'contains.files'"),
            args.TryGetValue("exclude", out var exclude) ? reader.Globs(exclude.Value, "'contains.exclude'") : [],
            reader.Regex(args["pattern"].Value, "'contains.pattern'"),
            args.TryGetValue("min_files", out var min) ? reader.Integer(min.Value, "'contains.min_files'", 1, 100_000) : 1);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var candidates = context.MatchFiles(files);
        if (exclude.Count > 0)
        {
            var excluded = new HashSet<string>(context.MatchFiles(exclude), StringComparer.Ordinal);
            candidates = candidates.Where(path => !excluded.Contains(path)).ToArray();
        }

        var matches = new List<Evidence>();
        var skipped = new List<Evidence>();
        foreach (var path in candidates)
        {
            var segments = snapshot.SearchableText(path, out var problem);
            if (segments is null)
            {
                skipped.Add(Evidence.File(path, $"not searched: {problem}"));
                continue;
            }

            if (FirstMatch(path, segments) is { } hit)
            {
                matches.Add(hit);
                if (matches.Count >= Math.Max(minFiles, 5))
                {
                    break; // enough to decide and to show
                }
            }
        }

        var skippedNote = skipped.Count > 0 ? $" ({EvidenceList.Plural(skipped.Count, "file")} could not be searched)" : "";
        if (matches.Count >= minFiles)
        {
            return CheckResult.Holds($"found in {matches[0].Path}{(matches[0].Line is { } line ? $":{line}" : "")}", matches);
        }

        var summary = candidates.Count == 0
            ? $"no files match {EvidenceList.Some(files)}"
            : $"no match in {(candidates.Count <= 3 ? EvidenceList.Some(candidates) : EvidenceList.Plural(candidates.Count, "file"))}{(minFiles > 1 ? $" ({matches.Count} of {minFiles} files needed)" : "")}{skippedNote}";
        return CheckResult.Fails(summary, EvidenceList.Capped(matches.Concat(skipped)));
    }

    private Evidence? FirstMatch(string path, IReadOnlyList<TextSegment> segments)
    {
        foreach (var segment in segments)
        {
            var match = pattern.Match(segment.Text);
            if (match.Success)
            {
                var line = Patterns.LineAt(segment.Text, match.Index);
                var where = segment.Cell is null ? "" : $"{segment.Cell}, ";
                return new Evidence(path, segment.Cell is null ? line : null, null, $"{where}line {line}: {Patterns.LineTextAt(segment.Text, match.Index)}");
            }
        }

        return null;
    }
}
