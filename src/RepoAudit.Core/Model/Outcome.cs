namespace RepoAudit.Core.Model;

/// <summary>What a rule concluded about the repository. Serialised in snake_case (`not_applicable`).</summary>
public enum Outcome
{
    Pass,
    Fail,
    NotApplicable,
    Unknown,
    Error,
    Suppressed,
}

public enum Severity
{
    Info = 1,
    Warning = 2,
    Error = 3,
}

public static class OutcomeNames
{
    public static string ToWire(this Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "fail",
        Outcome.NotApplicable => "not_applicable",
        Outcome.Unknown => "unknown",
        Outcome.Error => "error",
        Outcome.Suppressed => "suppressed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public static bool TryParseSeverity(string text, out Severity severity)
    {
        switch (text)
        {
            case "info": severity = Severity.Info; return true;
            case "warning": severity = Severity.Warning; return true;
            case "error": severity = Severity.Error; return true;
            default: severity = default; return false;
        }
    }

    /// <summary>The weight a rule gets when its definition and the config do not set one.</summary>
    public static int DefaultWeight(this Severity severity) => (int)severity;
}
