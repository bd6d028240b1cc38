using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Rules;

public sealed record Reference(string Title, string Url);

/// <summary>
/// One rule as written in its YAML file. The check trees are kept as YAML so they can be compiled again with a
/// team's option overrides; <see cref="Compile"/> with the defaults already ran at load time, so a loaded rule is valid.
/// </summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    public required Severity Severity { get; init; }
    public int? Weight { get; init; }
    public required string Lifecycle { get; init; }
    public required string Why { get; init; }
    public required string Fix { get; init; }
    public IReadOnlyList<Reference> References { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? HelpUri { get; init; }

    /// <summary>Optional plain-language verdicts; the check's own summary follows them in the report message.</summary>
    public string? PassMessage { get; init; }
    public string? FailMessage { get; init; }
    public IReadOnlyDictionary<string, OptionValue> Options { get; init; } = new Dictionary<string, OptionValue>();

    /// <summary>Where the rule came from: a file path, or `rules/...` inside the binary for the built-in pack.</summary>
    public required string Source { get; init; }

    /// <summary>"builtin" for the shipped pack, otherwise the pack's folder or file as given.</summary>
    public required string Pack { get; init; }

    public required YamlDoc Doc { get; init; }
    public required YamlNode IdNode { get; init; }
    public YamlNode? AppliesWhenNode { get; init; }
    public required YamlNode CheckNode { get; init; }

    public int EffectiveWeight => Weight ?? Severity.DefaultWeight();

    /// <summary>Compiles the checks with the given options (the rule's defaults merged with overrides).</summary>
    public (ICheck? AppliesWhen, ICheck Check) Compile(IReadOnlyDictionary<string, OptionValue> options)
    {
        var reader = new CheckReader(Doc, options);
        var appliesWhen = AppliesWhenNode is null ? null : CheckCompiler.Compile(reader, AppliesWhenNode);
        return (appliesWhen, CheckCompiler.Compile(reader, CheckNode));
    }
}
