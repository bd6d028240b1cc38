using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `all: [checks]` holds when every check holds; a failing child decides before an unknown or broken one, and its
/// evidence comes first.
/// </summary>
public sealed class AllCheck(IReadOnlyList<ICheck> checks) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new AllCheck(CheckCompiler.CompileList(reader, node, "all"));

    public IEnumerable<ICheck> Parts => checks;

    public CheckResult Evaluate(CheckContext context)
    {
        // Asked of one file or program inside each_file, the first check that does not hold decides: the files that
        // hold carry the evidence, so the rest of a failing file's checks would be work nobody reads. Across the
        // repository every check runs, so that a failure shows everything that is missing.
        var results = context.Scope is null
            ? checks.Select(check => check.Evaluate(context)).ToArray()
            : EvaluateUntilOneFails(context);
        var failing = results.Where(result => result.Verdict == Verdict.DoesNotHold).ToArray();
        if (failing.Length > 0)
        {
            // What decided the failure leads; what held (an ignored folder beside the one that is not) follows it.
            var deciding = failing.SelectMany(result => result.Evidence);
            var rest = results.Where(result => result.Verdict != Verdict.DoesNotHold).SelectMany(result => result.Evidence);
            return CheckResult.Fails(Join(failing), deciding.Concat(rest).ToArray());
        }

        if (results.FirstOrDefault(result => result.Verdict == Verdict.Error) is { } broken)
        {
            return CheckResult.Error(broken.Summary, EvidenceOf(results));
        }

        if (results.FirstOrDefault(result => result.Verdict == Verdict.Unknown) is { } unknown)
        {
            return CheckResult.Unknown(unknown.Summary, EvidenceOf(results));
        }

        // Asked of one file or program, an `all` puts its gates first and its point last (training code, then a tracker
        // it uses): a pass leads with what the last check found, the thing the rule is about. Across the repository the
        // checks are peers (a seed somewhere, and in most programs), so they keep their order.
        return CheckResult.Holds(Join(results), EvidenceOf(context.Scope is null ? results : results.Reverse()));
    }

    // Built only on the path that returns it: asked of every file, an `all` that fails would otherwise collect evidence
    // nobody reads.
    private static Evidence[] EvidenceOf(IEnumerable<CheckResult> results) => results.SelectMany(result => result.Evidence).ToArray();

    private CheckResult[] EvaluateUntilOneFails(CheckContext context)
    {
        var results = new List<CheckResult>(checks.Count);
        foreach (var check in checks)
        {
            var result = check.Evaluate(context);
            results.Add(result);
            if (result.Verdict == Verdict.DoesNotHold)
            {
                break;
            }
        }

        return [.. results];
    }

    /// <summary>
    /// The parts of the children's summaries, each once: nested combinators repeat the same "no files match ..." part
    /// for every branch that looks at the same files, and a reader needs it only once.
    /// </summary>
    internal static string Join(IEnumerable<CheckResult> results) =>
        string.Join(CheckResult.PartSeparator, results.SelectMany(result => result.SummaryParts).Distinct());
}

/// <summary>`any: [checks]` holds when one check holds; its evidence comes first. Fails only when every check fails.</summary>
public sealed class AnyCheck(IReadOnlyList<ICheck> checks) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new AnyCheck(CheckCompiler.CompileList(reader, node, "any"));

    public IEnumerable<ICheck> Parts => checks;

    public CheckResult Evaluate(CheckContext context)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            var result = check.Evaluate(context);
            if (result.Verdict == Verdict.Holds)
            {
                return result; // the first way the rule is satisfied is the evidence a reader needs
            }

            results.Add(result);
        }

        var evidence = results.SelectMany(result => result.Evidence).ToArray();
        if (results.FirstOrDefault(result => result.Verdict == Verdict.Error) is { } broken)
        {
            return CheckResult.Error(broken.Summary, evidence);
        }

        if (results.FirstOrDefault(result => result.Verdict == Verdict.Unknown) is { } unknown)
        {
            return CheckResult.Unknown(unknown.Summary, evidence);
        }

        return CheckResult.Fails(AllCheck.Join(results), evidence);
    }
}

/// <summary>`not: check` inverts holds and does-not-hold; unknown and error pass through.</summary>
public sealed class NotCheck(ICheck inner) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new NotCheck(CheckCompiler.Compile(reader, node));

    public IEnumerable<ICheck> Parts => [inner];

    public CheckResult Evaluate(CheckContext context)
    {
        var result = inner.Evaluate(context);
        return result.Verdict switch
        {
            Verdict.Holds => result with { Verdict = Verdict.DoesNotHold },
            Verdict.DoesNotHold => result with { Verdict = Verdict.Holds },
            _ => result,
        };
    }
}

/// <summary>
/// `entry_point: check` asks its check of a program's entry point alone (inside each_file with follow_imports), and of
/// the scope as it is anywhere else. Some evidence means what it seems only where the program starts: a raw HTTP
/// request in the training script fetches its data, while the same call in a shared helper module may fetch an image,
/// an API answer or a download the program never makes.
/// </summary>
public sealed class EntryPointCheck(ICheck inner) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new EntryPointCheck(CheckCompiler.Compile(reader, node));

    public IEnumerable<ICheck> Parts => [inner];

    public CheckResult Evaluate(CheckContext context) =>
        inner.Evaluate(context is { EntryPoint: { } entry, Scope.Count: > 1 } ? context.ScopedTo(entry) : context);
}

/// <summary>
/// `unknown_if: { check, reason }` says "cannot tell" when its check holds, and does not hold otherwise. It is meant as
/// the last branch of an `any`: when nothing settled the rule but something RepoAudit cannot read might (a remote CI
/// template, a reusable workflow from another repository), the honest outcome is unknown with the reason, not a fail.
/// </summary>
public sealed class UnknownIfCheck(ICheck inner, string reason) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "unknown_if", ["check", "reason"], ["check", "reason"]);
        return new UnknownIfCheck(CheckCompiler.Compile(reader, args["check"].Value), reader.String(args["reason"].Value, "'unknown_if.reason'"));
    }

    public IEnumerable<ICheck> Parts => [inner];

    public CheckResult Evaluate(CheckContext context)
    {
        var result = inner.Evaluate(context);
        return result.Verdict == Verdict.Holds
            ? CheckResult.Unknown($"{reason} ({result.Summary})", result.Evidence)
            : result;
    }
}

/// <summary>Shared evidence helpers for primitives.</summary>
internal static class EvidenceList
{
    /// <summary>Keeps the first <see cref="CheckContext.EvidenceLimit"/> items and notes how many were left out.</summary>
    public static IReadOnlyList<Evidence> Capped(IEnumerable<Evidence> evidence, int? limit = null)
    {
        var max = limit ?? CheckContext.EvidenceLimit;
        var list = evidence.ToList();
        if (list.Count <= max)
        {
            return list;
        }

        var kept = list.Take(max).ToList();
        kept.Add(Evidence.Note($"... and {list.Count - max} more"));
        return kept;
    }

    /// <summary>"a, b, c and 4 more": lists stay readable in one-line summaries.</summary>
    public static string Some(IReadOnlyCollection<string> items, int shown = 4) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {items.Count - shown} more";

    /// <summary>The files a search looked at, for a summary: named when there are up to three, else counted.</summary>
    public static string LookedAt(IReadOnlyCollection<string> files) =>
        NamesThem(files) ? Some(files) : Plural(files.Count, "file");

    /// <summary>Does <see cref="LookedAt"/> name the files (so a sentence can say "none of a.py, b.py")?</summary>
    public static bool NamesThem(IReadOnlyCollection<string> files) => files.Count <= 3;

    public static string Plural(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
