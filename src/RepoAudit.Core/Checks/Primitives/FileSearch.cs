using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>The files a searching primitive looks at: `files`, minus `exclude`, and how many must match (`min_files`).</summary>
public sealed record FileScope(IReadOnlyList<string> Files, IReadOnlyList<string> Exclude, int MinFiles)
{
    public static readonly string[] ArgumentNames = ["files", "exclude", "min_files"];

    /// <summary>Reads the scope arguments; <paramref name="defaultFiles"/> is used when `files` is absent (null: required).</summary>
    public static FileScope Read(CheckReader reader, IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> args, string primitive, IReadOnlyList<string>? defaultFiles = null) => new(
        args.TryGetValue("files", out var files) ? reader.Globs(files.Value, $"'{primitive}.files'") : defaultFiles ?? throw new InvalidOperationException("files is required"),
        args.TryGetValue("exclude", out var exclude) ? reader.Globs(exclude.Value, $"'{primitive}.exclude'") : [],
        args.TryGetValue("min_files", out var min) ? reader.Integer(min.Value, $"'{primitive}.min_files'", 1, 100_000) : 1);

    /// <summary>The files in the context's scope that match `files` and not `exclude`.</summary>
    public IReadOnlyList<string> Candidates(CheckContext context)
    {
        var candidates = context.MatchFiles(Files);
        if (Exclude.Count == 0)
        {
            return candidates;
        }

        var excluded = new HashSet<string>(context.MatchFiles(Exclude), StringComparer.Ordinal);
        return candidates.Where(path => !excluded.Contains(path)).ToArray();
    }

    /// <summary>
    /// Searches each file in turn with <paramref name="search"/> (a hit as evidence, or null; a problem when the file
    /// cannot be searched) and decides: holds when at least MinFiles files have a hit. Stops once it has enough to
    /// decide and to show. What <paramref name="searcher"/> found in a file depends on that file alone, so it is kept by
    /// the file's content key (<see cref="Snapshot.RepositorySnapshot.ContentKey"/>): a trend searches a file once for
    /// all the commits at which it is the same.
    /// </summary>
    public CheckResult Search(CheckContext context, ICheck searcher, string lookingFor, Func<string, (Evidence? Hit, string? Problem)> search)
    {
        var candidates = Candidates(context);

        var matches = new List<Evidence>();
        var skipped = new List<Evidence>();
        foreach (var path in candidates)
        {
            var (hit, problem) = context.FileFact(searcher, path, search);
            if (problem is not null)
            {
                skipped.Add(Evidence.File(path, $"not searched: {problem}"));
            }
            else if (hit is not null)
            {
                matches.Add(hit);
                if (matches.Count >= Math.Max(MinFiles, 5))
                {
                    break; // enough to decide and to show
                }
            }
        }

        var skippedNote = skipped.Count > 0 ? $" ({EvidenceList.Plural(skipped.Count, "file")} could not be searched)" : "";
        if (matches.Count >= MinFiles)
        {
            return CheckResult.Holds($"found in {matches[0].Path}{(matches[0].Line is { } line ? $":{line}" : "")}", matches);
        }

        var summary = candidates.Count == 0
            ? $"no files match {EvidenceList.Some(Files)}"
            : $"{lookingFor} in {EvidenceList.LookedAt(candidates)}{(MinFiles > 1 ? $" ({matches.Count} of {MinFiles} files needed)" : "")}{skippedNote}";
        return CheckResult.Fails(summary, EvidenceList.Capped(matches.Concat(skipped)));
    }

    /// <summary>Evidence for a line of a file or of a notebook cell (a cell's line is not the file's, so it goes in the detail).</summary>
    public static Evidence At(string path, string? cell, int line, string text) =>
        new(path, cell is null ? line : null, null, $"{(cell is null ? "" : $"{cell}, ")}line {line}: {text}");
}
