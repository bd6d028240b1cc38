namespace RepoAudit.Core.Model;

/// <summary>The verdict of one rule, with the effective severity and weight after configuration.</summary>
public sealed record RuleResult(
    RuleInfo Rule,
    Severity Severity,
    int Weight,
    Outcome Outcome,
    string Message,
    IReadOnlyList<Evidence> Evidence,
    Suppression? Suppression = null);

/// <summary>A user's decision to accept a failing rule, with the reason and an optional expiry.</summary>
public sealed record Suppression(string Reason, DateOnly? Until);
