using System.Text.RegularExpressions;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>Every dependency manifest and lock file in a snapshot, with notes on anything that could not be followed.</summary>
internal sealed record DependencyScan(IReadOnlyList<Manifest> Manifests, IReadOnlyList<string> Locks, IReadOnlyList<Evidence> Notes);

/// <summary>
/// Finds the manifests and lock files (at any folder depth) and reads each once. Requirement files' `-r`/`-c` includes
/// are followed relative to the including file, only within the snapshot, and each file is read at most once, so
/// include cycles end.
/// </summary>
internal static partial class DependencyScanner
{
    private enum Kind
    {
        Requirements,
        PyProject,
        SetupPy,
        SetupCfg,
        CondaEnvironment,
        Pipfile,
        Pixi,
        Renv,
        JuliaProject,
        RDescription,
    }

    private static readonly Dictionary<string, Kind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pyproject.toml"] = Kind.PyProject,
        ["setup.py"] = Kind.SetupPy,
        ["setup.cfg"] = Kind.SetupCfg,
        ["environment.yml"] = Kind.CondaEnvironment,
        ["environment.yaml"] = Kind.CondaEnvironment,
        ["conda.yml"] = Kind.CondaEnvironment,
        ["conda.yaml"] = Kind.CondaEnvironment,
        ["env.yml"] = Kind.CondaEnvironment,
        ["env.yaml"] = Kind.CondaEnvironment,
        ["conda_env.yml"] = Kind.CondaEnvironment,
        ["conda_env.yaml"] = Kind.CondaEnvironment,
        ["conda-env.yml"] = Kind.CondaEnvironment,
        ["conda-env.yaml"] = Kind.CondaEnvironment,
        ["conda_environment.yml"] = Kind.CondaEnvironment,
        ["conda_environment.yaml"] = Kind.CondaEnvironment,
        ["conda-environment.yml"] = Kind.CondaEnvironment,
        ["conda-environment.yaml"] = Kind.CondaEnvironment,
        ["Pipfile"] = Kind.Pipfile,
        ["pixi.toml"] = Kind.Pixi,
        ["renv.lock"] = Kind.Renv,
        ["Project.toml"] = Kind.JuliaProject,
        ["JuliaProject.toml"] = Kind.JuliaProject,
    };

    private static readonly HashSet<string> LockNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pixi.lock", "conda-lock.yml", "conda-lock.yaml", "renv.lock",
        "Manifest.toml", "JuliaManifest.toml",
    };

    public static DependencyScan Scan(RepositorySnapshot snapshot)
    {
        var manifests = new List<Manifest>();
        var locks = new List<string>();
        var notes = new List<Evidence>();
        var pending = new Queue<(string Path, bool Constraint, string? From)>();
        foreach (var path in snapshot.Files)
        {
            var name = FileName(path);
            if (IsLock(snapshot, path, name))
            {
                locks.Add(path);
            }

            var kind = Classify(path, name) ?? (IsCondaEnvironmentByShape(snapshot, path, name) ? Kind.CondaEnvironment : null);
            if (kind == Kind.Requirements)
            {
                pending.Enqueue((path, false, null));
            }
            else if (kind is { } other && Read(snapshot, path, text => ReadOther(other, path, text)) is { } manifest)
            {
                Add(snapshot, manifest, manifests, pending, notes);
            }
        }

        // Requirement files found by name come first, so a file is read as constraints only when nothing lists it as requirements.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var file))
        {
            if (seen.Add(file.Path) && Read(snapshot, file.Path, text => RequirementFile(file.Path, text)) is { } manifest)
            {
                Add(snapshot, manifest with { ConstraintsOnly = file.Constraint, IncludedFrom = file.From }, manifests, pending, notes);
            }
        }

        return new DependencyScan(manifests, locks, notes);
    }

    private static void Add(RepositorySnapshot snapshot, Manifest manifest, List<Manifest> manifests, Queue<(string, bool, string?)> pending, List<Evidence> notes)
    {
        manifests.Add(manifest);
        foreach (var include in manifest.Includes)
        {
            Follow(snapshot, manifest.Path, include, pending, notes);
        }
    }

    // A requirements file declares the environment even when it lists only the project itself (`-e .`); one that holds
    // nothing but comments declares nothing.
    private static Manifest RequirementFile(string path, string text)
    {
        var contents = Requirements.ParseFile(text);
        return new Manifest(path, contents.Dependencies) { Noun = "requirement", Dedicated = contents.HasEntries, Includes = contents.Includes };
    }

    /// <summary>Reads a manifest of a kind found by name; null when the file turns out not to be one.</summary>
    private static Manifest? ReadOther(Kind kind, string path, string text) => kind switch
    {
        Kind.CondaEnvironment => CondaEnvironment.Read(path, text),
        Kind.PyProject => TomlManifests.PyProject(path, text),
        Kind.Pipfile => TomlManifests.Pipfile(path, text),
        Kind.Pixi => TomlManifests.PixiToml(path, text),
        Kind.JuliaProject => TomlManifests.JuliaProject(path, text),
        Kind.SetupPy => TextManifests.SetupPy(path, text),
        Kind.SetupCfg => TextManifests.SetupCfg(path, text),
        Kind.RDescription => TextManifests.Description(path, text),
        _ => TextManifests.RenvLock(path, text),
    };

    /// <summary>Reads and parses a file; a file that cannot be read or parsed becomes a broken manifest naming why.</summary>
    private static Manifest? Read(RepositorySnapshot snapshot, string path, Func<string, Manifest?> parse)
    {
        var content = snapshot.Read(path);
        if (!content.IsText)
        {
            return Manifest.Broken(path, $"could not be read: {content.Describe()}");
        }

        try
        {
            return parse(content.Text!);
        }
        catch (FormatException ex)
        {
            return Manifest.Broken(path, $"could not be parsed: {ex.Message}");
        }
    }

    private static void Follow(RepositorySnapshot snapshot, string from, Requirements.Include include, Queue<(string, bool, string?)> pending, List<Evidence> notes)
    {
        var option = include.Constraint ? "-c" : "-r";
        if (include.Target.Contains("://", StringComparison.Ordinal))
        {
            notes.Add(new Evidence(from, include.Line, null, $"line {include.Line}: {option} {include.Target} is a URL and was not followed"));
        }
        else if (Resolve(from, include.Target) is { } target && snapshot.Contains(target))
        {
            pending.Enqueue((target, include.Constraint, from));
        }
        else
        {
            notes.Add(new Evidence(from, include.Line, null, $"line {include.Line}: {option} {include.Target} was not found in the repository"));
        }
    }

    /// <summary>A path relative to the including file's folder, or null when it leaves the repository.</summary>
    private static string? Resolve(string from, string target)
    {
        var slash = from.LastIndexOf('/');
        var segments = new List<string>(slash < 0 ? [] : from[..slash].Split('/'));
        foreach (var segment in target.Replace('\\', '/').Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count == 0)
                    {
                        return null;
                    }

                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        return target.StartsWith('/') || segments.Count == 0 ? null : string.Join('/', segments);
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static Kind? Classify(string path, string name)
    {
        if (name == "DESCRIPTION")
        {
            return Kind.RDescription; // R requires this exact name; "Description" files elsewhere are prose
        }

        if (ByName.TryGetValue(name, out var kind))
        {
            return kind;
        }

        if (RequirementsName().IsMatch(name) || (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
            && FileName(path[..Math.Max(0, path.Length - name.Length - 1)]).Equals("requirements", StringComparison.OrdinalIgnoreCase)))
        {
            return Kind.Requirements;
        }

        return EnvironmentVariant().IsMatch(name) ? Kind.CondaEnvironment : null;
    }

    /// <summary>
    /// A conda environment under a name of its own (`conda_dependencies.yml`, `ci/py310.yaml`): a YAML file whose top
    /// level lists `dependencies` and names its `channels` or the environment. Read for what it holds, not what it is
    /// called; CondaEnvironment.Read still decides whether the dependencies parse.
    /// </summary>
    private static bool IsCondaEnvironmentByShape(RepositorySnapshot snapshot, string path, string name) =>
        (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
        && snapshot.Read(path) is { IsText: true, Text: { } text }
        && CondaDependenciesKey().IsMatch(text) && CondaEnvironmentKey().IsMatch(text);

    private static bool IsLock(RepositorySnapshot snapshot, string path, string name)
    {
        if (LockNames.Contains(name) || JuliaVersionedManifest().IsMatch(name)
            || name.EndsWith(".conda-lock.yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".conda-lock.yaml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // dvc.lock records a pipeline's outputs, not package versions.
        if (!name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase) || name.Equals("dvc.lock", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // conda-lock's explicit per-platform files (conda-linux-64.lock), or any `conda list --explicit` output.
        return name.StartsWith("conda-", StringComparison.OrdinalIgnoreCase) || CondaPlatform().IsMatch(name)
            || snapshot.Read(path) is { IsText: true, Text: { } text } && text.Contains("@EXPLICIT", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^requirements.*\.txt$", RegexOptions.IgnoreCase)]
    private static partial Regex RequirementsName();

    // A top-level `dependencies:` key opening a list, and a top-level `channels:` or `name:` beside it.
    [GeneratedRegex(@"^dependencies:[ \t]*(\#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex CondaDependenciesKey();

    [GeneratedRegex(@"^(channels|name):", RegexOptions.Multiline)]
    private static partial Regex CondaEnvironmentKey();

    [GeneratedRegex(@"^environment[-_.].*\.ya?ml$", RegexOptions.IgnoreCase)]
    private static partial Regex EnvironmentVariant();

    [GeneratedRegex(@"^(?:Julia)?Manifest-v[0-9.]+\.toml$", RegexOptions.IgnoreCase)]
    private static partial Regex JuliaVersionedManifest();

    [GeneratedRegex(@"(?:^|[-_.])(?:linux|osx|win)-(?:32|64|aarch64|arm64|ppc64le|s390x|armv6l|armv7l)(?:[-_.]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CondaPlatform();
}
