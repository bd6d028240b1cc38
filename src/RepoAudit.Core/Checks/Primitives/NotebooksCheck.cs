using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `notebooks: { outputs: stripped, ordered: true }` holds when every notebook has no code-cell outputs (clearing
/// execution counts alone is not stripping) and, with ordered, execution counts that rise in document order. It also
/// holds when nbstripout is wired into .gitattributes or pre-commit, because then git never stores outputs.
/// A notebook that cannot be parsed makes the check an error, naming the notebook.
/// </summary>
public sealed class NotebooksCheck(bool requireStripped, bool requireOrdered, bool acceptNbstripout) : ICheck
{
    private static readonly string[] NotebookGlobs = ["**/*.ipynb"];
    private static readonly string[] EnforcementFiles = [".gitattributes", ".pre-commit-config.yaml", ".pre-commit-config.yml"];

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "notebooks", ["outputs", "ordered", "nbstripout_counts"], []);
        var stripped = true;
        if (args.TryGetValue("outputs", out var outputs))
        {
            var value = reader.String(outputs.Value, "'notebooks.outputs'");
            stripped = value switch
            {
                "stripped" => true,
                "any" => false,
                _ => throw reader.Error(outputs.Value, $"'notebooks.outputs' must be 'stripped' or 'any', found '{value}'"),
            };
        }

        return new NotebooksCheck(
            stripped,
            args.TryGetValue("ordered", out var ordered) && reader.Boolean(ordered.Value, "'notebooks.ordered'"),
            !args.TryGetValue("nbstripout_counts", out var counts) || reader.Boolean(counts.Value, "'notebooks.nbstripout_counts'"));
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var snapshot = context.Snapshot;
        if (acceptNbstripout && FindNbstripout(snapshot) is { } enforcement)
        {
            return CheckResult.Holds($"nbstripout strips outputs on commit ({enforcement.Path})", [enforcement]);
        }

        var notebooks = context.MatchFiles(NotebookGlobs);
        var problems = new List<Evidence>();
        var broken = new List<Evidence>();
        foreach (var path in notebooks)
        {
            var notebook = snapshot.ReadNotebook(path, out var problem);
            if (notebook is null)
            {
                broken.Add(Evidence.File(path, $"could not be read: {problem}"));
                continue;
            }

            var withOutputs = notebook.CodeCells.Where(cell => cell.OutputCount > 0).ToArray();
            if (requireStripped && withOutputs.Length > 0)
            {
                var cells = string.Join(", ", withOutputs.Take(5).Select(cell => cell.Index));
                problems.Add(Evidence.File(path, $"{EvidenceList.Plural(withOutputs.Length, "code cell")} with outputs (cell {cells}{(withOutputs.Length > 5 ? ", ..." : "")})"));
            }

            if (requireOrdered && OutOfOrder(notebook) is { } disorder)
            {
                problems.Add(Evidence.File(path, disorder));
            }
        }

        if (problems.Count > 0)
        {
            var affected = problems.Select(problem => problem.Path).Distinct().Count();
            return CheckResult.Fails($"{affected} of {EvidenceList.Plural(notebooks.Count, "notebook")} not clean", EvidenceList.Capped(problems.Concat(broken)));
        }

        if (broken.Count > 0)
        {
            return CheckResult.Error($"{EvidenceList.Plural(broken.Count, "notebook")} could not be parsed: {broken[0].Path}", EvidenceList.Capped(broken));
        }

        return CheckResult.Holds(notebooks.Count == 0 ? "no notebooks" : $"all {EvidenceList.Plural(notebooks.Count, "notebook")} are clean",
            EvidenceList.Capped(notebooks.Select(path => Evidence.File(path, "clean")), 10));
    }

    private static string? OutOfOrder(Notebook notebook)
    {
        var previous = 0;
        NotebookCell? previousCell = null;
        foreach (var cell in notebook.CodeCells)
        {
            // A kernel numbers the cells it runs from 1; a count of 0 or below is written by a tool (an editor's new
            // notebook, an export) or by hand, and says the cell has not run, as null does.
            if (cell.ExecutionCount is not { } count || count <= 0)
            {
                continue;
            }

            // Only a count that falls back from an earlier cell's is out of order.
            if (previousCell is not null && count <= previous)
            {
                return $"executed out of order: cell {cell.Index} has execution count {count} after cell {previousCell.Index} with {previous}";
            }

            previous = count;
            previousCell = cell;
        }

        return null;
    }

    private static Evidence? FindNbstripout(RepositorySnapshot snapshot)
    {
        foreach (var file in EnforcementFiles)
        {
            if (!snapshot.Contains(file) || snapshot.Read(file) is not { IsText: true } content)
            {
                continue;
            }

            var lines = content.Text!.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (!line.StartsWith('#') && line.Contains("nbstripout", StringComparison.OrdinalIgnoreCase))
                {
                    return new Evidence(file, i + 1, null, line);
                }
            }
        }

        return null;
    }
}
