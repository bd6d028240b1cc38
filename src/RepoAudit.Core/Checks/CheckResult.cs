using RepoAudit.Core.Model;

namespace RepoAudit.Core.Checks;

/// <summary>What a check found: it holds, it does not, it could not tell (with why), or it broke (with why).</summary>
public enum Verdict
{
    Holds,
    DoesNotHold,
    Unknown,
    Error,
}

/// <summary>A check's verdict with a one-line summary and the evidence behind it, whatever the verdict.</summary>
public sealed record CheckResult(Verdict Verdict, string Summary, IReadOnlyList<Evidence> Evidence)
{
    public static CheckResult Holds(string summary, IReadOnlyList<Evidence>? evidence = null) => new(Verdict.Holds, summary, evidence ?? []);

    public static CheckResult Fails(string summary, IReadOnlyList<Evidence>? evidence = null) => new(Verdict.DoesNotHold, summary, evidence ?? []);

    public static CheckResult Unknown(string why, IReadOnlyList<Evidence>? evidence = null) => new(Verdict.Unknown, why, evidence ?? []);

    public static CheckResult Error(string why, IReadOnlyList<Evidence>? evidence = null) => new(Verdict.Error, why, evidence ?? []);

    /// <summary>What separates the parts of a summary that combinators join ("no match in a.py; no files match b/*").</summary>
    public const string PartSeparator = "; ";

    /// <summary>The summary's parts, each naming one thing that was looked at.</summary>
    public IEnumerable<string> SummaryParts => Summary.Split(PartSeparator).Where(part => part.Length > 0);
}

/// <summary>One check primitive, configured from YAML. Implementations are immutable and thread-safe.</summary>
public interface ICheck
{
    CheckResult Evaluate(CheckContext context);

    /// <summary>The checks this one is made of (a combinator's operands, a named condition's check), for walks over a rule's checks.</summary>
    IEnumerable<ICheck> Parts => [];

    /// <summary>Does this check itself (not counting its parts) read git history?</summary>
    bool ReadsHistory => false;
}

public static class CheckTree
{
    /// <summary>Does the check or any of its parts read git history? The engine evaluates such rules last.</summary>
    public static bool ReadsHistoryAnywhere(this ICheck check) => check.ReadsHistory || check.Parts.Any(ReadsHistoryAnywhere);
}
