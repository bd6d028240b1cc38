using System.Globalization;
using RepoAudit.Core.Model;
using RepoAudit.Core.Results;
using RepoAudit.Core.Scoring;

namespace RepoAudit.Core.Reports;

/// <summary>
/// The scorecard as the HTML and Markdown templates see it, built from an <see cref="AuditReport"/> in this one place:
/// every value is already ordered, counted and formatted, so the templates hold layout only and both formats tell the
/// same story. Strings from the repository are kept as they are; escaping is the template engine's job.
/// </summary>
public sealed record ScorecardView
{
    public required ToolInfo Tool { get; init; }

    /// <summary>The rules the scorecard was judged by; null for a report read back from a version that did not record it.</summary>
    public RuleSetInfo? RuleSet { get; init; }

    public required RepositoryView Repository { get; init; }
    public required string ScannedAt { get; init; }
    public required string ScannedAtIso { get; init; }
    public required string Duration { get; init; }
    public required ScoreView Score { get; init; }
    public required GateView Gate { get; init; }
    public required CountsView Counts { get; init; }
    public required IReadOnlyList<CategoryView> Categories { get; init; }
    public required ChartView Chart { get; init; }

    /// <summary>Rules that need attention (fail, then check errors), most severe first, across all categories.</summary>
    public required IReadOnlyList<RuleView> Attention { get; init; }

    /// <summary>Every other rule, in category order.</summary>
    public required IReadOnlyList<RuleView> Others { get; init; }

    public int AttentionCount => Attention.Count;

    /// <summary>"4 other rules: 2 passed, 1 unknown, 1 not applicable".</summary>
    public string OthersSummary => $"{Others.Count} other {(Others.Count == 1 ? "rule" : "rules")}: " + string.Join(", ",
        Others.GroupBy(rule => rule.OutcomeLabel.ToLowerInvariant()).Select(group => $"{group.Count()} {(group.Key == "pass" ? "passed" : group.Key)}"));
    public BaselineView? Baseline { get; init; }
    public required IReadOnlyList<NoteView> Notes { get; init; }
    public required IReadOnlyList<string> FullReports { get; init; }
    public TruncationView? Truncation { get; init; }

    /// <summary>The nonce that lets the HTML page's own inline script run under its Content-Security-Policy.</summary>
    public string? Nonce { get; init; }

    public static ScorecardView From(AuditReport report, ScorecardViewOptions? options = null)
    {
        options ??= new ScorecardViewOptions();
        var rules = report.Results.Select(result => RuleView.From(result, options)).ToArray();
        var categories = report.Scorecard.Categories
            .Select(category => CategoryView.From(category, rules.Where(rule => rule.Category == category.Id).OrderBy(rule => rule.Rank).ToArray()))
            .ToArray();
        var attention = rules.Where(rule => rule.IsAttention)
            .OrderBy(rule => rule.Rank.Outcome).ThenByDescending(rule => rule.Rank.Severity).ThenBy(rule => Model.Categories.Order(rule.Category))
            .ThenBy(rule => rule.Id, StringComparer.Ordinal).ToArray();
        var others = categories.SelectMany(category => category.Rules).Where(rule => !rule.IsAttention)
            .OrderBy(rule => rule.Rank.Outcome).ThenBy(rule => Model.Categories.Order(rule.Category)).ThenBy(rule => rule.Category, StringComparer.Ordinal)
            .ThenBy(rule => rule.Id, StringComparer.Ordinal).ToArray();
        var omitted = rules.Sum(rule => rule.EvidenceOmitted);
        var guidanceOmitted = options.IncludeGuidance ? 0 : attention.Length;

        return new ScorecardView
        {
            Tool = report.Tool,
            RuleSet = report.RuleSet,
            Repository = RepositoryView.From(report),
            ScannedAt = report.ScannedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ScannedAtIso = report.ScannedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Duration = report.DurationMs < 1000
                ? string.Create(CultureInfo.InvariantCulture, $"{report.DurationMs} ms")
                : string.Create(CultureInfo.InvariantCulture, $"{report.DurationMs / 1000.0:0.0} s"),
            Score = ScoreView.From(report.Scorecard, report.Results),
            Gate = GateView.From(report.Gate),
            Counts = CountsView.From(report.Results),
            Categories = categories,
            Chart = ChartView.From(categories),
            Attention = attention,
            Others = others,
            Baseline = report.Baseline is { } baseline ? BaselineView.From(baseline) : null,
            Notes = NoteView.From(report, options.SkippedShown),
            FullReports = options.FullReports,
            Truncation = omitted > 0 || guidanceOmitted > 0 || options.OthersOmitted
                ? TruncationView.From(omitted, guidanceOmitted, options)
                : null,
            Nonce = options.Nonce,
        };
    }

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Tone(double? score) => score switch
    {
        null => "none",
        >= 80 => "good",
        >= 60 => "fair",
        _ => "poor",
    };
}

/// <summary>How much detail a rendering wants: the Markdown report shortens itself to fit GitHub's size limits.</summary>
public sealed record ScorecardViewOptions
{
    /// <summary>Evidence items shown per rule; the rest are counted.</summary>
    public int EvidenceLimit { get; init; } = 100;

    /// <summary>Whether failing rules carry their `why`/`fix` text (the HTML always does; Markdown may drop it to fit).</summary>
    public bool IncludeGuidance { get; init; } = true;

    /// <summary>Whether passing and other quiet rules were left out of a shortened report.</summary>
    public bool OthersOmitted { get; init; }

    public int SkippedShown { get; init; } = 50;

    /// <summary>Where the complete reports of the same scan were written, for the "see the full report" note.</summary>
    public IReadOnlyList<string> FullReports { get; init; } = [];

    public string? Nonce { get; init; }
}

public sealed record RepositoryView(
    string Name,
    string Root,
    string? Commit,
    string? ShortCommit,
    string? Branch,
    bool IsGitRepository,
    bool Dirty,
    bool Shallow,
    bool PartialClone,
    string Where)
{
    public static RepositoryView From(AuditReport report)
    {
        var repo = report.Repository;
        var name = Path.GetFileName(repo.Root.TrimEnd('/', '\\'));
        var shortCommit = repo.Commit is { } commit ? commit[..Math.Min(12, commit.Length)] : null;
        var where = !repo.IsGitRepository
            ? "not a git repository"
            : $"{repo.Branch ?? "detached HEAD"} @ {shortCommit ?? "no commits yet"}{(repo.Dirty ? " (uncommitted changes)" : "")}";
        return new RepositoryView(name.Length == 0 ? repo.Root : name, repo.Root, repo.Commit, shortCommit, repo.Branch,
            repo.IsGitRepository, repo.Dirty, repo.Shallow, repo.PartialClone, where);
    }
}

public sealed record ScoreView(bool HasScore, string Value, string Grade, string Tone, string Caption, string RingLength, string RingGap)
{
    /// <summary>Whether the ring has an arc to draw: a zero-length arc with round caps would still show as a dot.</summary>
    public bool HasArc => HasScore && RingLength != "0";

    // The ring's circumference for r = 52: the dash is the score's share of it.
    private const double Circumference = 2 * Math.PI * 52;

    public static ScoreView From(Scorecard scorecard, IReadOnlyList<RuleResult> results)
    {
        var scored = results.Count(result => result.Outcome is Outcome.Pass or Outcome.Fail);
        var caption = scored == 0
            ? "no rule could be scored"
            : $"weighted over {scored} scored {(scored == 1 ? "rule" : "rules")}";
        if (scorecard.Score is not { } score)
        {
            return new ScoreView(false, "n/a", scorecard.Grade ?? "–", "none", caption, "0", ScorecardView.Number(Circumference));
        }

        var length = Circumference * score / 100;
        return new ScoreView(true, score.ToString("0.0", CultureInfo.InvariantCulture), scorecard.Grade ?? "–", ScorecardView.Tone(score), caption,
            ScorecardView.Number(length), ScorecardView.Number(Circumference - length));
    }
}

/// <summary>The gate's verdict; long reason lists are cut to the first few, since every failing rule is listed anyway.</summary>
public sealed record GateView(bool Passed, string Label, string FailOn, string? MinScore, IReadOnlyList<string> Reasons, int MoreReasons)
{
    private const int ReasonsShown = 5;

    public static GateView From(GateResult gate) => new(
        gate.Passed,
        gate.Passed ? "passed" : "failed",
        gate.FailOn.ToString(),
        gate.MinScore is { } min ? min.ToString("0.#", CultureInfo.InvariantCulture) : null,
        gate.Reasons.Take(ReasonsShown).ToArray(),
        Math.Max(0, gate.Reasons.Count - ReasonsShown));
}

public sealed record CountsView(int Total, int Passed, int Failed, int NotApplicable, int Unknown, int Errors, int Suppressed, string Summary)
{
    public static CountsView From(IReadOnlyList<RuleResult> results)
    {
        int Count(Outcome outcome) => results.Count(result => result.Outcome == outcome);
        var (passed, failed, na, unknown, errors, suppressed) =
            (Count(Outcome.Pass), Count(Outcome.Fail), Count(Outcome.NotApplicable), Count(Outcome.Unknown), Count(Outcome.Error), Count(Outcome.Suppressed));
        var parts = new List<string> { $"{failed} failed", $"{passed} passed" };
        if (errors > 0) parts.Add($"{errors} could not be checked");
        if (unknown > 0) parts.Add($"{unknown} unknown");
        if (suppressed > 0) parts.Add($"{suppressed} suppressed");
        if (na > 0) parts.Add($"{na} not applicable");
        var summary = $"{results.Count} {(results.Count == 1 ? "rule" : "rules")}: {string.Join(", ", parts)}";
        return new CountsView(results.Count, passed, failed, na, unknown, errors, suppressed, summary);
    }
}

public sealed record CategoryView(
    string Id,
    string Anchor,
    string Title,
    bool HasScore,
    string Score,
    string Tone,
    string Bar,
    int Passed,
    int Failed,
    int Other,
    string Counts,
    bool HasAttention,
    IReadOnlyList<RuleView> Rules)
{
    public static CategoryView From(CategoryScore category, IReadOnlyList<RuleView> rules)
    {
        var other = category.NotApplicable + category.Unknown + category.Errors + category.Suppressed;
        var counts = new List<string> { $"{category.Failed} failed", $"{category.Passed} passed" };
        if (category.Errors > 0) counts.Add($"{category.Errors} could not be checked");
        if (category.Unknown > 0) counts.Add($"{category.Unknown} unknown");
        if (category.Suppressed > 0) counts.Add($"{category.Suppressed} suppressed");
        if (category.NotApplicable > 0) counts.Add($"{category.NotApplicable} not applicable");
        var filled = category.Score is { } s ? (int)Math.Round(s / 10) : 0;
        return new CategoryView(
            category.Id,
            $"cat-{category.Id}",
            category.Title,
            category.Score is not null,
            category.Score is { } score ? score.ToString("0", CultureInfo.InvariantCulture) : "n/a",
            ScorecardView.Tone(category.Score),
            category.Score is null ? new string('·', 10) : new string('█', filled) + new string('░', 10 - filled),
            category.Passed,
            category.Failed,
            other,
            string.Join(", ", counts),
            rules.Any(rule => rule.IsAttention),
            rules);
    }
}

/// <summary>
/// A horizontal bar per category, laid out in percentages of the chart's width so it stays legible from a phone to
/// a wide screen: each row has its label above a bar, the score at the right end.
/// </summary>
public sealed record ChartView(int Height, string Label, IReadOnlyList<ChartBar> Bars)
{
    private const int Row = 42;
    private const double Track = 86; // percent of the width; the score text sits in the rest

    public static ChartView From(IReadOnlyList<CategoryView> categories)
    {
        var bars = categories.Select((category, i) =>
        {
            var value = double.TryParse(category.Score, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            var label = category.Title.Length > 40 ? category.Title[..39] + "…" : category.Title;
            return new ChartBar(label, category.Title, category.Anchor, category.Score, category.HasScore, category.Tone,
                (i * Row) + 15, (i * Row) + 22, (i * Row) + 32,
                ScorecardView.Number(Track) + "%",
                ScorecardView.Number(Math.Max(category.HasScore && value > 0 ? 0.8 : 0, Track * value / 100)) + "%");
        }).ToArray();
        var label = "Category scores: " + string.Join(", ", categories.Select(category => $"{category.Title} {category.Score}"));
        return new ChartView(Math.Max(Row, categories.Count * Row), label, bars);
    }
}

public sealed record ChartBar(string Label, string Title, string Anchor, string Score, bool HasScore, string Tone, int LabelY, int BarY, int ValueY, string TrackWidth, string Width);

public sealed record EvidenceView(string? Location, string? Path, int? Line, string? Commit, string? ShortCommit, string Detail)
{
    public static EvidenceView From(Evidence evidence)
    {
        var location = evidence.Path is null ? null : evidence.Line is { } line ? $"{evidence.Path}:{line}" : evidence.Path;
        return new EvidenceView(location, evidence.Path, evidence.Line, evidence.Commit,
            evidence.Commit is { } commit ? commit[..Math.Min(12, commit.Length)] : null, evidence.Detail);
    }
}

public sealed record SuppressionView(string Reason, string? Until, string Text);

public sealed record ReferenceView(string Title, string Url);

/// <summary>Sort keys: outcome first (fail, error, unknown, suppressed, pass, not applicable), then severity.</summary>
public sealed record RuleRank(int Outcome, int Severity) : IComparable<RuleRank>
{
    public int CompareTo(RuleRank? other) =>
        other is null ? 1 : Outcome != other.Outcome ? Outcome.CompareTo(other.Outcome) : other.Severity.CompareTo(Severity);
}

public sealed record RuleView
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Category { get; init; }
    public required string CategoryTitle { get; init; }
    public required string Anchor { get; init; }
    public required string Severity { get; init; }
    public required int Weight { get; init; }

    /// <summary>The wire name (`not_applicable`), and a CSS-friendly one (`not-applicable`).</summary>
    public required string Outcome { get; init; }
    public required string OutcomeClass { get; init; }
    public required string OutcomeLabel { get; init; }
    public required string OutcomeIcon { get; init; }
    public required bool IsFail { get; init; }
    public required bool IsPass { get; init; }
    public required bool IsAttention { get; init; }
    public required string Message { get; init; }
    public required IReadOnlyList<EvidenceView> Evidence { get; init; }
    public required int EvidenceTotal { get; init; }
    public required int EvidenceOmitted { get; init; }
    public required bool HasGuidance { get; init; }
    public required IReadOnlyList<TextBlock> Why { get; init; }
    public required IReadOnlyList<TextBlock> Fix { get; init; }
    public required string FixSummary { get; init; }
    public string? HelpUri { get; init; }
    public required IReadOnlyList<ReferenceView> References { get; init; }
    public SuppressionView? Suppression { get; init; }
    public required bool IsCustom { get; init; }
    public required RuleRank Rank { get; init; }

    public static RuleView From(RuleResult result, ScorecardViewOptions options)
    {
        var rule = result.Rule;
        var (label, icon, rank) = result.Outcome switch
        {
            Model.Outcome.Fail => ("Fail", "✗", 0),
            Model.Outcome.Error => ("Check error", "!", 1),
            Model.Outcome.Unknown => ("Unknown", "?", 2),
            Model.Outcome.Suppressed => ("Suppressed", "⊘", 3),
            Model.Outcome.Pass => ("Pass", "✓", 4),
            _ => ("Not applicable", "–", 5),
        };
        var attention = result.Outcome is Model.Outcome.Fail or Model.Outcome.Error;
        var shown = result.Evidence.Take(Math.Max(0, options.EvidenceLimit)).Select(EvidenceView.From).ToArray();
        var guidance = options.IncludeGuidance || !attention;
        var fix = RuleText.Parse(rule.Fix);
        var firstParagraph = fix.FirstOrDefault(block => block.IsParagraph) is { } paragraph ? RuleText.Plain(paragraph.Spans) : "";

        return new RuleView
        {
            Id = rule.Id,
            Name = rule.Name,
            Title = rule.Title,
            Category = rule.Category,
            CategoryTitle = Model.Categories.Title(rule.Category),
            Anchor = $"rule-{rule.Id}",
            Severity = result.Severity.ToWire(),
            Weight = result.Weight,
            Outcome = result.Outcome.ToWire(),
            OutcomeClass = result.Outcome.ToWire().Replace('_', '-'),
            OutcomeLabel = label,
            OutcomeIcon = icon,
            IsFail = result.Outcome == Model.Outcome.Fail,
            IsPass = result.Outcome == Model.Outcome.Pass,
            IsAttention = attention,
            Message = result.Message,
            Evidence = shown,
            EvidenceTotal = result.Evidence.Count,
            EvidenceOmitted = result.Evidence.Count - shown.Length,
            HasGuidance = guidance,
            Why = guidance ? RuleText.Parse(rule.Why) : [],
            Fix = guidance ? fix : [],
            FixSummary = firstParagraph.Length <= 200 ? firstParagraph : firstParagraph[..199] + "…",
            HelpUri = RuleText.SafeUrl(rule.HelpUri),
            References = rule.References
                .Select(reference => RuleText.SafeUrl(reference.Url) is { } url ? new ReferenceView(reference.Title, url) : null)
                .OfType<ReferenceView>().ToArray(),
            Suppression = result.Suppression is { } suppression
                ? new SuppressionView(suppression.Reason, suppression.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    suppression.Until is { } until
                        ? $"Suppressed until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {suppression.Reason}"
                        : $"Suppressed: {suppression.Reason}")
                : null,
            IsCustom = rule.Pack != RuleInfo.BuiltinPack,
            Rank = new RuleRank(rank, (int)result.Severity),
        };
    }
}

public sealed record RuleLink(string Id, string Title, string Anchor);

public sealed record BaselineView(
    string Ref,
    string Commit,
    string? Score,
    string? Delta,
    bool Improved,
    bool Worse,
    IReadOnlyList<RuleLink> NewlyFailing,
    IReadOnlyList<RuleLink> Fixed,
    IReadOnlyList<RuleLink> StillFailing,
    bool ConfigChanged)
{
    public static BaselineView From(BaselineComparison baseline)
    {
        static IReadOnlyList<RuleLink> Links(IEnumerable<RuleResult> results) =>
            results.Select(result => new RuleLink(result.Rule.Id, result.Rule.Title, $"rule-{result.Rule.Id}")).ToArray();

        return new BaselineView(
            baseline.Ref,
            baseline.Commit[..Math.Min(12, baseline.Commit.Length)],
            baseline.Score?.ToString("0.0", CultureInfo.InvariantCulture),
            baseline.ScoreDelta?.ToString("+0.0;-0.0;±0.0", CultureInfo.InvariantCulture),
            baseline.ScoreDelta > 0,
            baseline.ScoreDelta < 0,
            Links(baseline.NewlyFailing),
            Links(baseline.Fixed),
            Links(baseline.StillFailing),
            baseline.ConfigChanged);
    }
}

/// <summary>Things a reader should know about how the scan saw the repository: missing history, skipped files.</summary>
public sealed record NoteView(string Text, string? Path)
{
    public static IReadOnlyList<NoteView> From(AuditReport report, int skippedShown)
    {
        var notes = new List<NoteView>();
        if (report.HistoryUnavailableReason is { } reason)
        {
            notes.Add(new NoteView($"Git history was not read: {reason}", null));
        }

        if (report.Repository.Shallow)
        {
            notes.Add(new NoteView("This is a shallow clone: history rules saw only the commits it holds.", null));
        }

        notes.AddRange(report.Skipped.Take(skippedShown).Select(skipped => new NoteView($"skipped: {skipped.Reason}", skipped.Path)));
        if (report.Skipped.Count > skippedShown)
        {
            notes.Add(new NoteView($"… and {report.Skipped.Count - skippedShown} more skipped files (listed in the JSON report)", null));
        }

        return notes;
    }
}

/// <summary>What a shortened report left out; the template says where the full report is.</summary>
public sealed record TruncationView(int EvidenceOmitted, int GuidanceOmitted, bool OthersOmitted, string Summary, IReadOnlyList<string> FullReports)
{
    public bool HasFullReports => FullReports.Count > 0;

    public static TruncationView From(int evidenceOmitted, int guidanceOmitted, ScorecardViewOptions options)
    {
        var parts = new List<string>();
        if (evidenceOmitted > 0)
        {
            parts.Add($"{evidenceOmitted} evidence {(evidenceOmitted == 1 ? "item is" : "items are")} not shown");
        }

        if (guidanceOmitted > 0)
        {
            parts.Add("fix instructions are left out (each rule links to its docs)");
        }

        if (options.OthersOmitted)
        {
            parts.Add("passing and other rules are not listed");
        }

        var summary = string.Join("; ", parts);
        return new TruncationView(evidenceOmitted, guidanceOmitted, options.OthersOmitted,
            summary.Length == 0 ? summary : char.ToUpperInvariant(summary[0]) + summary[1..], options.FullReports);
    }
}
