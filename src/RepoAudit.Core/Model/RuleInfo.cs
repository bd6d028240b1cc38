namespace RepoAudit.Core.Model;

public sealed record Reference(string Title, string Url);

/// <summary>
/// What results and reports know about a rule: its identity, texts and defaults. The YAML it was written in, and the
/// checks compiled from it, stay with <c>Rules.RuleDefinition</c>, so nothing downstream of evaluation can reach them.
/// </summary>
public sealed record RuleInfo
{
    /// <summary>The <see cref="Pack"/> of the rules shipped inside RepoAudit.</summary>
    public const string BuiltinPack = "builtin";

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

    /// <summary>Where the rule came from: a file path, or `rules/...` inside the binary for the built-in pack.</summary>
    public required string Source { get; init; }

    /// <summary>"builtin" for the shipped pack, otherwise the pack's folder or file as given.</summary>
    public required string Pack { get; init; }

    /// <summary>The named conditions the rule applies under ("training code"), for docs and evidence.</summary>
    public IReadOnlyList<string> AppliesWhen { get; init; } = [];

    public int EffectiveWeight => Weight ?? Severity.DefaultWeight();
}
