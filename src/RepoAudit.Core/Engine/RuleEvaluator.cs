using System.Text.RegularExpressions;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;

namespace RepoAudit.Core.Engine;

/// <summary>Runs one rule's checks against a snapshot and turns the verdicts into an outcome. Never throws.</summary>
public static class RuleEvaluator
{
    public static RuleResult Evaluate(EffectiveRule rule, CheckContext context, DateOnly today)
    {
        var result = Run(rule, context);
        if (rule.Suppression is not { } suppression)
        {
            return result;
        }

        if (suppression.Until is { } until && until < today)
        {
            return result with
            {
                Message = $"{result.Message} (the suppression \"{suppression.Reason}\" expired on {until:yyyy-MM-dd})",
                Evidence = [.. result.Evidence, Evidence.Note($"suppression expired on {until:yyyy-MM-dd}: {suppression.Reason}")],
            };
        }

        return result with
        {
            Outcome = Outcome.Suppressed,
            Message = $"suppressed: {suppression.Reason}{(suppression.Until is { } date ? $" (until {date:yyyy-MM-dd})" : "")}; the check says: {result.Message}",
            Suppression = suppression,
        };
    }

    private static RuleResult Run(EffectiveRule rule, CheckContext context)
    {
        RuleResult Result(Outcome outcome, string message, IReadOnlyList<Evidence> evidence) =>
            new(rule.Rule.Info, rule.Severity, rule.Weight, outcome, message, evidence);

        try
        {
            if (rule.AppliesWhen is { } appliesWhen)
            {
                var applies = appliesWhen.Evaluate(context);
                switch (applies.Verdict)
                {
                    case Verdict.DoesNotHold:
                        return Result(Outcome.NotApplicable, $"not applicable: {applies.Summary}", applies.Evidence);
                    case Verdict.Unknown:
                        return Result(Outcome.Unknown, applies.Summary, applies.Evidence);
                    case Verdict.Error:
                        return Result(Outcome.Error, applies.Summary, applies.Evidence);
                }
            }

            var check = rule.Check.Evaluate(context);
            var outcome = check.Verdict switch
            {
                Verdict.Holds => Outcome.Pass,
                Verdict.DoesNotHold => Outcome.Fail,
                Verdict.Unknown => Outcome.Unknown,
                _ => Outcome.Error,
            };
            var headline = outcome switch
            {
                Outcome.Pass => rule.Rule.Info.PassMessage,
                Outcome.Fail => rule.Rule.Info.FailMessage,
                _ => null,
            };
            // A rule's own verdict reads better than a primitive's summary; the summary then stays visible as evidence,
            // one item per thing that was looked at ("no match in train.py", "no files match **/*.yaml"), not one run-on line.
            return headline is null
                ? Result(outcome, check.Summary, check.Evidence)
                : Result(outcome, headline, [.. check.Evidence, .. check.SummaryParts.Select(Evidence.Note)]);
        }
        catch (RegexMatchTimeoutException ex)
        {
            var pattern = ex.Pattern.Length <= 80 ? ex.Pattern : ex.Pattern[..80] + "…";
            var limit = ex is PatternTimeoutException timeout ? timeout.Limit : $"{ex.MatchTimeout.TotalSeconds:0.#} s";
            return Result(Outcome.Error, $"rule {rule.Rule.Id}: the pattern '{pattern}' took longer than {limit} and was stopped", []);
        }
        catch (Git.GitTimeoutException ex)
        {
            // The repository may be fine, just too big for the time allowed: no verdict rather than a broken check.
            return Result(Outcome.Unknown, $"rule {rule.Rule.Id} could not be decided: {ex.Message}", []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Git.GitUnavailableException or InvalidOperationException or FormatException)
        {
            return Result(Outcome.Error, $"rule {rule.Rule.Id} could not be evaluated: {ex.Message}", []);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // A bug in a check, met on some repository's content: this rule has no verdict, the rest of the scorecard
            // stands, and the report says what to send us.
            return Result(Outcome.Error, $"rule {rule.Rule.Id} hit an internal error ({ex.GetType().Name}: {ex.Message}); this is a bug in RepoAudit, please report it", []);
        }
    }
}
