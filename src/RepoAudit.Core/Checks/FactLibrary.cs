using RepoAudit.Core.Code;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Checks;

/// <summary>A named list of globs ("code files", "test files"), referred to from any glob list as `@name`.</summary>
public sealed record FileSet(string Name, string Description, IReadOnlyList<string> Globs, string Source);

/// <summary>
/// A named fact about the repository ("training code", "serves a model"), written once as a check and referred to
/// from any rule as `condition: name`. A scan evaluates each condition at most once per scope and caches the result.
/// Inside `each_file` a condition asks of that one file, unless it is about the whole repository ("is this a
/// library?"): then <see cref="RepositoryWide"/> is set and it is always asked of the whole repository.
/// </summary>
public sealed record NamedCondition(string Name, string Title, string Description, ICheck Check, string Source, bool RepositoryWide = false);

/// <summary>
/// The named conditions and file sets that rules can refer to: the built-in pack's `rules/_facts/` and a team pack's
/// own `_facts/` on top. A pack may redefine a name it inherited (its own rules then use its definition), but not
/// define one name twice. Libraries are immutable; <see cref="With"/> returns a larger one.
/// </summary>
public sealed class FactLibrary
{
    private readonly Dictionary<string, FileSet> _fileSets;
    private readonly Dictionary<string, NamedCondition> _conditions;

    // Names inherited from the library this one extends: a pack may redefine these once.
    private readonly HashSet<string> _inherited;

    private FactLibrary(Dictionary<string, FileSet> fileSets, Dictionary<string, NamedCondition> conditions, HashSet<string> inherited)
    {
        _fileSets = fileSets;
        _conditions = conditions;
        _inherited = inherited;
    }

    /// <summary>
    /// What the engine itself knows, beneath every pack: `@code_files`, the files its code view reads. Written here
    /// rather than in a pack so that it cannot drift from the languages <see cref="CodeLanguages"/> reads, which are also
    /// what `calls` and `imports` search by default.
    /// </summary>
    public static FactLibrary Engine { get; } = new(
        new(StringComparer.Ordinal)
        {
            ["code_files"] = new FileSet("code_files", "Source files RepoAudit reads as code (notebooks by their code cells).",
                CodeLanguages.FileGlobs, "RepoAudit's code view"),
        },
        new(StringComparer.Ordinal),
        new(StringComparer.Ordinal));

    /// <summary>This library as the base of a pack's own: every name in it may be redefined once.</summary>
    public FactLibrary Extending() =>
        new(_fileSets, _conditions, new HashSet<string>(_fileSets.Keys.Select(name => "@" + name).Concat(_conditions.Keys), StringComparer.Ordinal)) { Fingerprint = Fingerprint };

    /// <summary>
    /// What the library was read from, as one string (the fact files' texts in order), so that a rule-set hash changes
    /// when a shared condition does.
    /// </summary>
    public string Fingerprint { get; private init; } = "";

    /// <summary>This library, noting that it also holds what <paramref name="text"/> defines.</summary>
    public FactLibrary ReadFrom(string text) => new(_fileSets, _conditions, _inherited) { Fingerprint = Fingerprint + "\n---\n" + text };

    public IReadOnlyCollection<FileSet> FileSets => _fileSets.Values;

    public IReadOnlyCollection<NamedCondition> Conditions => _conditions.Values;

    public FileSet? FileSet(string name) => _fileSets.GetValueOrDefault(name);

    public NamedCondition? Condition(string name) => _conditions.GetValueOrDefault(name);

    public FactLibrary With(FileSet fileSet, YamlDoc doc, YamlDotNet.RepresentationModel.YamlNode node)
    {
        if (_fileSets.TryGetValue(fileSet.Name, out var existing) && !_inherited.Contains("@" + fileSet.Name))
        {
            throw doc.Error(node, $"the file set '{fileSet.Name}' is already defined in {existing.Source}");
        }

        return new FactLibrary(new(_fileSets, StringComparer.Ordinal) { [fileSet.Name] = fileSet }, _conditions, Without("@" + fileSet.Name)) { Fingerprint = Fingerprint };
    }

    public FactLibrary With(NamedCondition condition, YamlDoc doc, YamlDotNet.RepresentationModel.YamlNode node)
    {
        if (_conditions.TryGetValue(condition.Name, out var existing) && !_inherited.Contains(condition.Name))
        {
            throw doc.Error(node, $"the condition '{condition.Name}' is already defined in {existing.Source}");
        }

        return new FactLibrary(_fileSets, new(_conditions, StringComparer.Ordinal) { [condition.Name] = condition }, Without(condition.Name)) { Fingerprint = Fingerprint };
    }

    private HashSet<string> Without(string name) => new(_inherited.Where(inherited => inherited != name), StringComparer.Ordinal);
}
