using RepoAudit.Core.Checks.Primitives.Dependencies;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `dependencies: { declared: true, pinned: all }`. declared holds when a standard manifest declares dependencies.
/// pinned: all holds when a lock file is present, or when every declared requirement names one exact version, itself or
/// through an exact pin of the same package elsewhere (a `-c` constraints file; a fully pinned requirements.txt beside a
/// pyproject.toml with ranges). A manifest that cannot be parsed makes the check an error only when the verdict hangs on it.
/// </summary>
public sealed class DependenciesCheck(bool requireDeclared, bool requirePinned) : ICheck
{
    private const string LookedFor = "requirements*.txt, pyproject.toml, setup.py, setup.cfg, environment.yml, conda.yaml or any YAML conda environment, Pipfile, pixi.toml, renv.lock, Project.toml, DESCRIPTION";

    // Leaves room under the evidence cap for the per-manifest counts and problems.
    private const int UnpinnedShown = 10;

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "dependencies", ["declared", "pinned"], []);
        var declared = args.TryGetValue("declared", out var declaredArg) && reader.Boolean(declaredArg.Value, "'dependencies.declared'");
        var pinned = false;
        if (args.TryGetValue("pinned", out var pinnedArg))
        {
            var value = reader.String(pinnedArg.Value, "'dependencies.pinned'");
            pinned = value == "all"
                ? true
                : throw reader.Error(pinnedArg.Value, $"'dependencies.pinned' must be 'all' (every requirement pinned exactly, or a lock file), found '{value}'");
        }

        if (!declared && !pinned)
        {
            throw reader.Error(node, "'dependencies' needs 'declared: true' or 'pinned: all'");
        }

        return new DependenciesCheck(declared, pinned);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var scan = DependencyScanner.Scan(context.Snapshot);
        if (requireDeclared)
        {
            var declared = Declared(scan);
            if (!requirePinned || declared.Verdict != Verdict.Holds)
            {
                return declared;
            }
        }

        return Pinned(scan);
    }

    private static CheckResult Declared(DependencyScan scan)
    {
        var declaring = scan.Manifests.Where(m => m.Problem is null && !m.ConstraintsOnly && (m.Dependencies.Count > 0 || m.Dedicated)).ToArray();
        var broken = scan.Manifests.Where(m => m.Problem is not null).ToArray();
        var evidence = EvidenceList.Capped(declaring.Select(Declares).Concat(broken.Select(Problem)).Concat(scan.Notes));
        if (declaring.Length > 0)
        {
            var listed = string.Join(", ", declaring.Take(3).Select(m => $"{m.Path} ({m.Plural(m.Dependencies.Count)})"));
            return CheckResult.Holds($"dependencies declared in {listed}{More(declaring.Length, 3)}", evidence);
        }

        if (broken.Length > 0)
        {
            return CheckResult.Error($"{broken[0].Path} {broken[0].Problem}", evidence);
        }

        var empty = scan.Manifests.Where(m => !m.ConstraintsOnly).ToArray();
        return empty.Length > 0
            ? CheckResult.Fails($"{string.Join(", ", empty.Take(3).Select(m => m.Path))}{More(empty.Length, 3)} declare{(empty.Length == 1 ? "s" : "")} no dependencies",
                EvidenceList.Capped(empty.Select(Declares).Concat(scan.Notes)))
            : CheckResult.Fails($"no dependency manifest found (looked for {LookedFor})", EvidenceList.Capped(scan.Notes));
    }

    private static CheckResult Pinned(DependencyScan scan)
    {
        var broken = scan.Manifests.Where(m => m.Problem is not null).ToArray();
        if (scan.Locks.Count > 0)
        {
            return CheckResult.Holds($"versions are locked in {string.Join(", ", scan.Locks.Take(3))}{More(scan.Locks.Count, 3)}",
                EvidenceList.Capped(scan.Locks.Select(path => Evidence.File(path, "lock file")).Concat(broken.Select(Problem))));
        }

        // An exact pin anywhere (a constraints file, a pinned requirements.txt) vouches for the same package everywhere.
        var pins = scan.Manifests.SelectMany(m => m.Dependencies).Where(d => d.Pinned).Select(d => d.Key).ToHashSet();
        var counts = new List<Evidence>();
        var unpinned = new List<Evidence>();
        var unpinnedNames = new List<string>();
        var total = 0;
        foreach (var manifest in scan.Manifests.Where(m => m.Problem is null && !m.ConstraintsOnly && m.Dependencies.Count > 0))
        {
            var loose = manifest.Dependencies.Where(d => !d.Pinned && !pins.Contains(d.Key)).ToArray();
            var elsewhere = manifest.Dependencies.Count(d => !d.Pinned && pins.Contains(d.Key));
            total += manifest.Dependencies.Count;
            counts.Add(Evidence.File(manifest.Path,
                $"{manifest.Dependencies.Count - loose.Length} of {manifest.Plural(manifest.Dependencies.Count)} pinned exactly"
                + (elsewhere > 0 ? $" ({elsewhere} through an exact pin in another file)" : "")));
            unpinned.AddRange(loose.Select(d => new Evidence(manifest.Path, d.Line, null, $"{(d.Line is { } line ? $"line {line}: " : "")}{d.Text} is not pinned")));
            unpinnedNames.AddRange(loose.Select(d => d.Text));
        }

        var evidence = EvidenceList.Capped(counts.Concat(unpinned.Take(UnpinnedShown)).Concat(broken.Select(Problem)).Concat(scan.Notes));
        if (total == 0)
        {
            return broken.Length > 0
                ? CheckResult.Error($"{broken[0].Path} {broken[0].Problem}", evidence)
                : CheckResult.Fails(scan.Manifests.Any(m => !m.ConstraintsOnly)
                    ? "no lock file, and the manifests declare no dependencies to pin"
                    : $"no dependencies are declared (looked for {LookedFor}) and there is no lock file", evidence);
        }

        if (unpinnedNames.Count == 0)
        {
            return broken.Length > 0
                ? CheckResult.Error($"all {total} requirements read are pinned, but {broken[0].Path} {broken[0].Problem}", evidence)
                : CheckResult.Holds($"all {total} requirements pinned exactly", evidence);
        }

        var shown = string.Join(", ", unpinnedNames.Take(5)) + (unpinnedNames.Count > 5 ? ", ..." : "");
        return CheckResult.Fails($"{total - unpinnedNames.Count} of {total} requirements pinned; unpinned: {shown}", evidence);
    }

    private static Evidence Declares(Manifest manifest) => Evidence.File(manifest.Path,
        $"declares {manifest.Plural(manifest.Dependencies.Count)}{(manifest.IncludedFrom is { } from ? $" (included from {from})" : "")}");

    private static Evidence Problem(Manifest manifest) => Evidence.File(manifest.Path, manifest.Problem ?? "");

    private static string More(int count, int shown) => count > shown ? $" and {count - shown} more" : "";
}
