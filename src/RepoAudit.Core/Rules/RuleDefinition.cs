using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Rules;

/// <summary>
/// One rule as written in its YAML file: its metadata (<see cref="Info"/>, all that results and reports see), its
/// options, and its check trees, kept as YAML so they can be compiled again with a team's option overrides.
/// <see cref="Compile"/> with the defaults already ran at load time, so a loaded rule is valid.
/// </summary>
public sealed record RuleDefinition
{
    public required RuleInfo Info { get; init; }
    public IReadOnlyDictionary<string, OptionValue> Options { get; init; } = new Dictionary<string, OptionValue>();

    /// <summary>The named conditions and file sets the rule's checks may refer to.</summary>
    public required FactLibrary Facts { get; init; }

    public required YamlDoc Doc { get; init; }
    public required YamlNode IdNode { get; init; }
    public YamlNode? AppliesWhenNode { get; init; }
    public required YamlNode CheckNode { get; init; }

    /// <summary>What loads but should be mended (long one-line patterns); `rules validate` prints these.</summary>
    public IReadOnlyList<LoadWarning> Warnings { get; init; } = [];

    public string Id => Info.Id;

    /// <summary>The checks compiled with the rule's own options when it was loaded, which validated them.</summary>
    public required (ICheck? AppliesWhen, ICheck Check) DefaultChecks { get; init; }

    /// <summary>Compiles the checks with the given options (the rule's defaults merged with overrides).</summary>
    public (ICheck? AppliesWhen, ICheck Check) Compile(IReadOnlyDictionary<string, OptionValue> options)
    {
        var reader = new CheckReader(Doc, options, Facts);
        var appliesWhen = AppliesWhenNode is null ? null : CheckCompiler.Compile(reader, AppliesWhenNode);
        return (appliesWhen, CheckCompiler.Compile(reader, CheckNode));
    }
}
