using System.Globalization;
using System.Text;
using RepoAudit.Core.Model;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>
/// The terminal scorecard: score and grade, a line per category, then each failing rule with evidence and fix.
/// Colour only when asked (a terminal without NO_COLOR); the text reads the same without it.
/// </summary>
public static class ConsoleReport
{
    private const int EvidenceShown = 5;

    public static string Render(AuditReport report, bool color)
    {
        var c = new Palette(color);
        var sb = new StringBuilder();
        var repo = report.Repository;
        var where = repo.IsGitRepository
            ? $"{repo.Branch ?? "detached HEAD"} @ {repo.Commit?[..Math.Min(12, repo.Commit.Length)] ?? "no commits"}{(repo.Dirty ? " (uncommitted changes)" : "")}"
            : "not a git repository";
        sb.AppendLine(CultureInfo.InvariantCulture, $"{c.Bold("RepoAudit")} {report.Tool.Version}  {repo.Root}  [{where}]");
        sb.AppendLine();

        var score = report.Scorecard.Score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
        var grade = report.Scorecard.Grade ?? "-";
        sb.AppendLine(CultureInfo.InvariantCulture, $"  Score {c.Bold(score)} / 100   Grade {c.Grade(grade)}   Gate {(report.Gate.Passed ? c.Green("PASSED") : c.Red("FAILED"))}");
        sb.AppendLine();

        var width = report.Scorecard.Categories.Select(category => category.Title.Length).DefaultIfEmpty(10).Max();
        foreach (var category in report.Scorecard.Categories)
        {
            var value = category.Score is { } cs ? cs.ToString("0", CultureInfo.InvariantCulture).PadLeft(3) : "n/a";
            var bar = category.Score is { } b ? Bar(b) : new string('·', 10);
            var counts = $"{category.Passed} passed, {category.Failed} failed";
            if (category.NotApplicable + category.Unknown + category.Errors + category.Suppressed > 0)
            {
                var other = new List<string>();
                if (category.NotApplicable > 0) other.Add($"{category.NotApplicable} n/a");
                if (category.Unknown > 0) other.Add($"{category.Unknown} unknown");
                if (category.Errors > 0) other.Add($"{category.Errors} error");
                if (category.Suppressed > 0) other.Add($"{category.Suppressed} suppressed");
                counts += ", " + string.Join(", ", other);
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"  {category.Title.PadRight(width)}  {value}  {c.Score(bar, category.Score)}  {c.Dim(counts)}");
        }

        if (report.Baseline is { } baseline)
        {
            var delta = baseline.ScoreDelta is { } d ? d.ToString("+0.0;-0.0;±0.0", CultureInfo.InvariantCulture) : "n/a";
            sb.AppendLine();
            sb.AppendLine(c.Bold($"Compared with {baseline.Ref} ({baseline.Commit[..Math.Min(12, baseline.Commit.Length)]}): score {delta}"));
            sb.AppendLine(CultureInfo.InvariantCulture, $"  newly failing: {Ids(baseline.NewlyFailing)}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  fixed:         {Ids(baseline.Fixed)}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  still failing: {Ids(baseline.StillFailing)} {c.Dim("(not held against this change)")}");
            if (baseline.ConfigChanged)
            {
                sb.AppendLine(c.Yellow($"  .repoaudit.yml differs from {baseline.Ref}; the gate used the baseline's configuration."));
            }
        }

        var attention = report.Results
            .Where(result => result.Outcome is Outcome.Fail or Outcome.Error)
            .OrderByDescending(result => result.Outcome == Outcome.Fail)
            .ThenByDescending(result => result.Severity)
            .ThenBy(result => result.Rule.Id, StringComparer.Ordinal)
            .ToArray();
        if (attention.Length > 0)
        {
            sb.AppendLine();
            sb.AppendLine(c.Bold($"Needs attention ({attention.Length})"));
            foreach (var result in attention)
            {
                AppendResult(sb, result, c);
            }
        }

        var unknown = report.Results.Where(result => result.Outcome == Outcome.Unknown).ToArray();
        if (unknown.Length > 0)
        {
            sb.AppendLine();
            sb.AppendLine(c.Bold($"Could not tell ({unknown.Length})"));
            foreach (var result in unknown)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {c.Yellow("?")} {result.Rule.Id} {result.Rule.Title}: {result.Message}");
            }
        }

        sb.AppendLine();
        if (!report.Gate.Passed)
        {
            sb.AppendLine(c.Red("Gate failed:"));
            foreach (var reason in report.Gate.Reasons)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  - {reason}");
            }
        }

        var passed = report.Results.Count(result => result.Outcome == Outcome.Pass);
        sb.AppendLine(c.Dim(string.Create(CultureInfo.InvariantCulture,
            $"{report.Results.Count} rules: {passed} passed, {attention.Count(r => r.Outcome == Outcome.Fail)} failed, {report.Results.Count(r => r.Outcome == Outcome.NotApplicable)} not applicable, {unknown.Length} unknown, {report.Results.Count(r => r.Outcome == Outcome.Suppressed)} suppressed; {report.DurationMs} ms. `repoaudit rules show ID` explains a rule.")));
        return sb.ToString();
    }

    private static void AppendResult(StringBuilder sb, RuleResult result, Palette c)
    {
        var mark = result.Outcome == Outcome.Fail ? c.Red("✗") : c.Yellow("!");
        var severity = result.Outcome == Outcome.Error ? "error in check" : result.Severity.ToWire();
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {mark} {c.Bold(result.Rule.Id)} {result.Rule.Title} {c.Dim($"[{severity}, {result.Rule.Category}]")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    {Sanitize(result.Message)}");
        foreach (var evidence in result.Evidence.Take(EvidenceShown))
        {
            var location = evidence.Path is null ? "" : evidence.Line is { } line ? $"{evidence.Path}:{line}: " : $"{evidence.Path}: ";
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {c.Dim("·")} {Sanitize(location)}{Sanitize(evidence.Detail)}");
        }

        if (result.Evidence.Count > EvidenceShown)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {c.Dim($"· ... {result.Evidence.Count - EvidenceShown} more in the JSON or HTML report")}");
        }

        if (result.Outcome == Outcome.Fail)
        {
            var fix = FirstParagraph(result.Rule.Fix, result.Rule.Id);
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {c.Cyan("fix:")} {Sanitize(fix)}");
        }
    }

    private static string Ids(IReadOnlyList<RuleResult> results) =>
        results.Count == 0 ? "none" : string.Join(", ", results.Select(result => result.Rule.Id));

    /// <summary>
    /// The fix's opening paragraph, folded onto one line; the full text is in `rules show` and the reports. A paragraph
    /// that ends on a colon introduces what follows it (a code block), which this line leaves out: the colon becomes a
    /// pointer to `rules show`, where the rest is.
    /// </summary>
    internal static string FirstParagraph(string text, string ruleId)
    {
        var paragraphs = text.Replace("\r", "", StringComparison.Ordinal).Trim().Split("\n\n");
        var line = string.Join(' ', paragraphs[0].Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (line.EndsWith(':') && paragraphs.Length > 1)
        {
            line = $"{line.TrimEnd(':').TrimEnd()} (see `repoaudit rules show {ruleId}`).";
        }

        return line.Length <= 240 ? line : line[..240] + "…";
    }

    private static string Bar(double score)
    {
        var filled = (int)Math.Round(score / 10);
        return new string('█', filled) + new string('░', 10 - filled);
    }

    /// <summary>Text from the repository (file names, lines) must not drive the terminal: control characters are shown escaped.</summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString());
        }

        return sb.ToString();
    }

    private sealed class Palette(bool enabled)
    {
        private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;

        public string Bold(string text) => Wrap("1", text);
        public string Dim(string text) => Wrap("2", text);
        public string Red(string text) => Wrap("31", text);
        public string Green(string text) => Wrap("32", text);
        public string Yellow(string text) => Wrap("33", text);
        public string Cyan(string text) => Wrap("36", text);

        // Blue and orange rather than green and red, so that colour-blind readers can tell good from bad.
        public string Score(string text, double? score) => score switch
        {
            null => Dim(text),
            >= 80 => Wrap("34", text),
            >= 60 => Wrap("33", text),
            _ => Wrap("38;5;208", text),
        };

        public string Grade(string grade) => grade switch
        {
            "A" or "B" => Wrap("1;34", grade),
            "C" or "D" => Wrap("1;33", grade),
            _ => Wrap("1;38;5;208", grade),
        };
    }
}
