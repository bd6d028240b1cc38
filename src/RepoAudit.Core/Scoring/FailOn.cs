using RepoAudit.Core.Model;

namespace RepoAudit.Core.Scoring;

/// <summary>The gate threshold: fail on rules of at least this severity, or never.</summary>
public sealed record FailOn(Severity? Threshold)
{
    public static readonly FailOn Never = new((Severity?)null);
    public static readonly FailOn Default = new(Model.Severity.Error);

    public override string ToString() => Threshold?.ToWire() ?? "never";

    public static bool TryParse(string text, out FailOn failOn)
    {
        if (text == "never")
        {
            failOn = Never;
            return true;
        }

        var ok = OutcomeNames.TryParseSeverity(text, out var severity);
        failOn = ok ? new FailOn(severity) : Default;
        return ok;
    }
}
