using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;

namespace RepoAudit.Core.Config;

/// <summary>
/// A repository's declared maturity (`profile:` in `.repoaudit.yml`): which rules gate, and at which severity, so a
/// proof of concept is not held to production rules. A rule's severity in the config's `rules:` still wins over the
/// profile. `docs/profiles.md` describes what each profile expects; keep the two in step.
/// </summary>
public sealed record Profile(string Name, string Summary, IReadOnlyDictionary<string, Severity> Severities, Severity? Others)
{
    /// <summary>Held to every rule at its own severity.</summary>
    public static readonly Profile Production = new("production",
        "Deployed or relied upon by others: every rule at its own severity.", new Dictionary<string, Severity>(), null);

    /// <summary>Results others must be able to trust and reproduce; deployment practice is advice.</summary>
    public static readonly Profile Research = new("research",
        "Experiments whose results others must trust and reproduce: data, seeds, dependencies, tracking, evaluation and secrets gate; " +
        "deployment practice (containers, CI, monitoring) is advice.",
        new Dictionary<string, Severity>(StringComparer.Ordinal)
        {
            ["DATA001"] = Severity.Error, ["DATA002"] = Severity.Warning, ["DATA003"] = Severity.Error, ["DATA004"] = Severity.Info,
            ["EXP001"] = Severity.Error, ["EXP002"] = Severity.Warning, ["EXP003"] = Severity.Info,
            ["REP001"] = Severity.Error, ["REP002"] = Severity.Error, ["REP003"] = Severity.Warning, ["REP004"] = Severity.Warning, ["REP005"] = Severity.Info,
            ["CI001"] = Severity.Info, ["CI002"] = Severity.Info, ["CI003"] = Severity.Info, ["QUAL001"] = Severity.Info, ["TEST001"] = Severity.Warning,
            ["CTR001"] = Severity.Info, ["CTR002"] = Severity.Info,
            ["DOC001"] = Severity.Error, ["DOC002"] = Severity.Warning, ["DOC003"] = Severity.Info,
            ["EVAL001"] = Severity.Error, ["MON001"] = Severity.Info,
            ["SEC001"] = Severity.Error, ["SEC002"] = Severity.Warning,
            ["GIT001"] = Severity.Warning, ["GIT002"] = Severity.Warning,
        },
        null);

    /// <summary>A proof of concept: only what harms others for good (secrets, large files in history) gates.</summary>
    public static readonly Profile Prototype = new("prototype",
        "A proof of concept: only what cannot be undone later gates (secrets and large files in git history); every other rule is advice.",
        new Dictionary<string, Severity>(StringComparer.Ordinal)
        {
            ["SEC001"] = Severity.Error, ["SEC002"] = Severity.Warning, ["DATA003"] = Severity.Error,
        },
        Severity.Info);

    public static IReadOnlyList<Profile> All { get; } = [Prototype, Research, Production];

    public static Profile? Named(string name) => All.FirstOrDefault(profile => profile.Name == name);

    /// <summary>The severity this profile gives a rule, or null to keep the rule's own.</summary>
    public Severity? SeverityOf(RuleDefinition rule) => Severities.TryGetValue(rule.Id, out var severity) ? severity : Others;
}
