using System.Globalization;
using RepoAudit.Core.Results;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;

namespace RepoAudit.Core.Trend;

/// <summary>What the trend templates see (`Reports/Templates/trend.*.hbs`): strings ready to print, the chart's geometry.</summary>
public sealed record TrendView
{
    public required ToolInfo Tool { get; init; }
    public required string Name { get; init; }
    public string? Branch { get; init; }
    public required string GeneratedAt { get; init; }
    public required string GeneratedAtIso { get; init; }
    /// <summary>The one rule set every point was judged by.</summary>
    public required RuleSetInfo RuleSet { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required ChartGeometry Chart { get; init; }
    public required IReadOnlyList<string> CategoryTitles { get; init; }
    public required IReadOnlyList<TrendPointView> Points { get; init; }
    public required IReadOnlyList<TrendPointView> Flipped { get; init; }
    public required string FirstScore { get; init; }
    public required string LastScore { get; init; }
    public required string LastGrade { get; init; }
    public required string Delta { get; init; }
    public required string DeltaClass { get; init; }
    public required string Span { get; init; }
    public required int FlipCount { get; init; }

    public int PointCount => Points.Count;

    public static TrendView From(TrendReport report)
    {
        var points = report.Points;
        var categories = points.SelectMany(point => point.Scorecard.Categories.Select(category => (category.Id, category.Title))).Distinct().ToArray();
        var views = points.Select(point => PointView(report, point, categories.Select(c => c.Id).ToArray())).ToArray();
        var labels = points.Select(point => point.Commit.Tag ?? point.Commit.Date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var tips = views.Select(view => $"{view.ShortSha} {view.Date} {view.Subject}").ToArray();
        var urls = views.Select(view => view.Link).ToArray();
        var series = new List<(string, string, IReadOnlyList<double?>, IReadOnlyList<string>, IReadOnlyList<string?>)>
        {
            ("overall", "Overall", points.Select(point => point.Scorecard.Score).ToArray(), tips.Select((tip, i) => $"{tip}: overall {Score(points[i].Scorecard.Score)}").ToArray(), urls),
        };
        series.AddRange(categories.Select(category => (category.Id, category.Title,
            (IReadOnlyList<double?>)points.Select(point => point.Scorecard.Categories.FirstOrDefault(c => c.Id == category.Id)?.Score).ToArray(),
            (IReadOnlyList<string>)tips.Select((tip, i) => $"{tip}: {category.Title} {Score(points[i].Scorecard.Categories.FirstOrDefault(c => c.Id == category.Id)?.Score)}").ToArray(),
            (IReadOnlyList<string?>)urls)));

        var first = points.FirstOrDefault()?.Scorecard.Score;
        var last = points.LastOrDefault()?.Scorecard.Score;
        var delta = first is { } f && last is { } l ? l - f : (double?)null;
        return new TrendView
        {
            Tool = report.Tool,
            Name = Path.GetFileName(report.Root),
            Branch = report.Branch,
            GeneratedAt = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            GeneratedAtIso = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            RuleSet = report.RuleSet,
            Notes = report.Notes,
            Chart = TrendChart.Lines(labels, series),
            CategoryTitles = categories.Select(c => c.Title).ToArray(),
            Points = views,
            Flipped = views.Where(view => view.Flips.Count > 0).ToArray(),
            FirstScore = Score(first),
            LastScore = Score(last),
            LastGrade = points.LastOrDefault()?.Scorecard.Grade ?? "–",
            Delta = delta is { } d ? d.ToString("+0.#;−0.#;±0", CultureInfo.InvariantCulture) : "–",
            DeltaClass = delta switch { > 0 => "better", < 0 => "worse", _ => "same" },
            Span = points.Count == 0 ? "" : $"{views[0].Date} – {views[^1].Date}",
            FlipCount = views.Sum(view => view.Flips.Count),
        };
    }

    private static TrendPointView PointView(TrendReport report, TrendPoint point, IReadOnlyList<string> categoryIds) => new()
    {
        Sha = point.Commit.Sha,
        ShortSha = point.Commit.Sha[..Math.Min(7, point.Commit.Sha.Length)],
        Link = report.CommitUrl(point.Commit.Sha),
        Date = point.Commit.Date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Subject = point.Commit.Subject,
        Tag = point.Commit.Tag,
        Score = Score(point.Scorecard.Score),
        Grade = point.Scorecard.Grade ?? "–",
        GradeClass = GradeClass(point.Scorecard.Score),
        Categories = categoryIds.Select(id => Score(point.Scorecard.Categories.FirstOrDefault(c => c.Id == id)?.Score)).ToArray(),
        Flips = point.Flips.Select(flip => new FlipView(flip.RuleId, flip.RuleName, flip.Before.ToWire(), flip.After.ToWire(), flip.Direction, flip.Arrow)).ToArray(),
    };

    public static string Score(double? score) => score?.ToString("0.#", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>The colour band of a score: good (A/B), fair (C/D), poor (F), none.</summary>
    public static string GradeClass(double? score) => score switch
    {
        null => "none",
        >= 80 => "good",
        >= 60 => "fair",
        _ => "poor",
    };
}

public sealed record TrendPointView
{
    public required string Sha { get; init; }
    public required string ShortSha { get; init; }
    public string? Link { get; init; }
    public required string Date { get; init; }
    public required string Subject { get; init; }
    public string? Tag { get; init; }
    public required string Score { get; init; }
    public required string Grade { get; init; }
    public required string GradeClass { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<FlipView> Flips { get; init; }

    public int FlipCount => Flips.Count;
}

public sealed record FlipView(string RuleId, string Name, string From, string To, string Direction, string Arrow);

/// <summary>The trend's report formats.</summary>
public static class TrendReports
{
    public static readonly IReadOnlyList<string> Formats = ["console", "json", "html", "markdown"];

    /// <summary>Renders a format; HTML and Markdown use the templates in <paramref name="templateFolder"/> where it has them.</summary>
    public static string Render(string format, TrendReport report, string? templateFolder = null) => format switch
    {
        "json" => TrendJson.Render(report),
        "html" or "markdown" => Template(format, templateFolder)!.Render(TrendView.From(report)),
        _ => Console(report),
    };

    /// <summary>The compiled template of a format (null for json and console), so a broken one is found before the audit.</summary>
    public static ScorecardTemplate? Template(string format, string? templateFolder) => format switch
    {
        "html" => ScorecardTemplate.Page("trend.html.hbs", markdown: false, templateFolder),
        "markdown" => ScorecardTemplate.Page("trend.md.hbs", markdown: true, templateFolder),
        _ => null,
    };

    private static string Console(TrendReport report)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"RepoAudit trend: {Path.GetFileName(report.Root)} ({report.Points.Count} points, rule set {report.RuleSet.Hash})");
        foreach (var note in report.Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"note: {note}");
        }

        text.AppendLine();
        foreach (var point in report.Points)
        {
            var subject = point.Commit.Subject.Length > 50 ? point.Commit.Subject[..49] + "…" : point.Commit.Subject;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{point.Commit.Date.UtcDateTime:yyyy-MM-dd}  {point.Commit.Sha[..Math.Min(7, point.Commit.Sha.Length)]}  {TrendView.Score(point.Scorecard.Score),5} {point.Scorecard.Grade ?? "-",-2} {Sanitize(subject)}");
            foreach (var flip in point.Flips)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{"",24}{flip.Arrow} {flip.RuleId} {flip.RuleName}: {flip.Before.ToWire()} → {flip.After.ToWire()}");
            }
        }

        return text.ToString();
    }

    /// <summary>Commit subjects are printed without control characters, so a subject cannot drive the terminal.</summary>
    private static string Sanitize(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
