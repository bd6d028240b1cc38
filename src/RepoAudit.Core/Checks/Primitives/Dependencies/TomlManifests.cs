using System.Text.RegularExpressions;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>
/// The TOML manifests: pyproject.toml (PEP 621, PEP 735 groups, Poetry, PDM, Hatch, pixi), Pipfile, pixi.toml and
/// Julia's Project.toml. Each reader throws <see cref="FormatException"/> when the TOML does not parse.
/// </summary>
internal static partial class TomlManifests
{
    // PEP 508 strings, the format of [project] and of the tools that follow it.
    private static readonly string[] Pep508Lists =
    [
        "project.dependencies[*]",
        "project.optional-dependencies.*[*]",
        "dependency-groups.*[*]",
        "tool.pdm.dev-dependencies.*[*]",
        "tool.hatch.envs.*.dependencies[*]",
        "tool.hatch.envs.*.extra-dependencies[*]",
    ];

    private static readonly string[] PoetryTables = ["tool.poetry.dependencies", "tool.poetry.dev-dependencies", "tool.poetry.group.*.dependencies"];

    private static readonly string[] PixiCondaTables = ["dependencies", "host-dependencies", "build-dependencies", "target.*.dependencies", "feature.*.dependencies", "feature.*.target.*.dependencies"];

    private static readonly string[] PixiPypiTables = ["pypi-dependencies", "target.*.pypi-dependencies", "feature.*.pypi-dependencies", "feature.*.target.*.pypi-dependencies"];

    public static Manifest PyProject(string path, string text)
    {
        var root = Toml.Parse(text);
        var dependencies = new List<Dependency>();
        foreach (var hit in Pep508Lists.SelectMany(list => DataNodes.Select(root, list)))
        {
            if (hit.Node is DataScalar { Value: { } requirement } && Requirements.Parse(requirement, hit.Node.Line) is { } dependency)
            {
                dependencies.Add(dependency);
            }
        }

        // Poetry's `python` entry is the interpreter the project supports, not a package.
        dependencies.AddRange(FromTables(root, PoetryTables, PoetryPins, skip: "python"));
        foreach (var pixi in DataNodes.Select(root, "tool.pixi"))
        {
            dependencies.AddRange(Pixi(pixi.Node));
        }

        return new Manifest(path, dependencies);
    }

    public static Manifest Pipfile(string path, string text) =>
        new(path, FromTables(Toml.Parse(text), ["packages", "dev-packages"], PipfilePins).ToArray()) { Dedicated = true };

    public static Manifest PixiToml(string path, string text) => new(path, Pixi(Toml.Parse(text)).ToArray());

    /// <summary>Project.toml lists its packages under [deps] by UUID; only Manifest.toml pins their versions.</summary>
    public static Manifest JuliaProject(string path, string text) =>
        new(path, Toml.Parse(text) is DataMap { } root && root["deps"] is DataMap deps
            ? deps.Entries.Select(entry => new Dependency(entry.Key, entry.Key, entry.Value.Line, false, Ecosystem.Julia)).ToArray()
            : []);

    private static IEnumerable<Dependency> Pixi(DataNode root) =>
        FromTables(root, PixiCondaTables, CondaEnvironment.VersionPins).Concat(FromTables(root, PixiPypiTables, PipfilePins));

    /// <summary>Reads tables of `name = "constraint"` or `name = { version = ..., git = ..., path = ... }`.</summary>
    private static IEnumerable<Dependency> FromTables(DataNode root, string[] paths, Func<string, bool> pins, string? skip = null)
    {
        foreach (var hit in paths.SelectMany(path => DataNodes.Select(root, path)))
        {
            if (hit.Node is not DataMap table)
            {
                continue;
            }

            foreach (var (name, value) in table.Entries)
            {
                if (name != skip && Pinned(value, pins) is { } pinned)
                {
                    yield return new Dependency(name, Describe(name, value), value.Line ?? table.Line, pinned);
                }
            }
        }
    }

    /// <summary>Whether one entry pins an exact version; null for a local path, which is not a third-party package.</summary>
    private static bool? Pinned(DataNode value, Func<string, bool> pins) => value switch
    {
        DataScalar { Value: { } constraint } => pins(constraint),
        DataMap map when map["path"] is not null => null,
        DataMap map when map["git"] is not null => (map["rev"] ?? map["ref"]) is DataScalar { Value: { } revision } && Requirements.IsCommit(revision),
        DataMap map when map["version"] is DataScalar { Value: { } constraint } => pins(constraint),
        // Poetry's multiple-constraint form: pinned only when every alternative is.
        DataList list => list.Items.Count > 0 && list.Items.All(item => Pinned(item, pins) == true),
        _ => false,
    };

    private static string Describe(string name, DataNode value) => value switch
    {
        DataScalar { Value: { } constraint } => $"{name} {constraint}",
        DataMap map when map["version"] is DataScalar { Value: { } constraint } => $"{name} {constraint}",
        DataMap map when map["git"] is not null => $"{name} (git)",
        DataMap map when map["url"] is not null => $"{name} (url)",
        _ => name,
    };

    /// <summary>Poetry: `==1.2.3` or a bare `1.2.3` is exact; `^`, `~`, `*` and ranges are not pins.</summary>
    private static bool PoetryPins(string constraint) => PoetryExact().IsMatch(constraint.Trim());

    /// <summary>Pipfile and pixi's PyPI tables take PEP 440 specifiers; `*` means any version.</summary>
    private static bool PipfilePins(string constraint) => Requirements.SpecifiersPinExactly(constraint);

    [GeneratedRegex(@"^(?:==?\s*)?v?[0-9][A-Za-z0-9._+!-]*$")]
    private static partial Regex PoetryExact();
}
