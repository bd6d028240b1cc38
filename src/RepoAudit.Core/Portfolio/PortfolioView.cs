using System.Globalization;
using System.Text;
using System.Text.Json;
using RepoAudit.Core.Results;
using RepoAudit.Core.Config;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Trend;

namespace RepoAudit.Core.Portfolio;

/// <summary>A coloured, labelled cell of the heat map.</summary>
public sealed record HeatCell(string Text, string Class, string Title);

public sealed record PortfolioRow(string Name, string Source, string? Link, HeatCell Score, string Grade, bool GatePassed, IReadOnlyList<HeatCell> Cells, string? Sparkline, string TrendText, int Failing);

/// <summary>
/// A profile's repositories; <see cref="RuleSets"/> lists "version, rule set: repositories" when more than one rule set
/// judged them, and is empty when their scores compare.
/// </summary>
public sealed record ProfileGroup(string Name, string Summary, int Count, string Average, IReadOnlyList<PortfolioRow> Rows, IReadOnlyList<string> RuleSets)
{
    public string CountText => Checks.Primitives.EvidenceList.Plural(Count, "repository", "repositories");
}

public sealed record FailureRow(string RuleId, string Name, string Title, int Count, string Share, string Repositories);

/// <summary>What the portfolio templates see (`Reports/Templates/portfolio.*.hbs`).</summary>
public sealed record PortfolioView
{
    public required ToolInfo Tool { get; init; }
    public required string GeneratedAt { get; init; }
    public required string GeneratedAtIso { get; init; }
    public required int RepositoryCount { get; init; }
    public required string Average { get; init; }
    public required int GatesPassed { get; init; }
    public required IReadOnlyList<string> CategoryTitles { get; init; }
    public required IReadOnlyList<ProfileGroup> Groups { get; init; }
    public required IReadOnlyList<FailureRow> Failures { get; init; }
    public required IReadOnlyList<BrokenInput> Broken { get; init; }
    public required IReadOnlyList<Profile> Profiles { get; init; }
    public bool HasTrends { get; init; }

    /// <summary>False when some profile's repositories were judged by different rule sets or RepoAudit versions.</summary>
    public bool Comparable { get; init; } = true;

    public int BrokenCount => Broken.Count;

    /// <summary>The view; <paramref name="scorecardLink"/> names each repository's own scorecard beside the overview (null: no link).</summary>
    public static PortfolioView From(PortfolioReport report, Func<PortfolioEntry, string?> scorecardLink)
    {
        var categories = report.Categories;
        var ranked = report.Ranked;
        PortfolioRow Row(PortfolioEntry entry)
        {
            var card = entry.Report.Scorecard;
            var cells = categories.Select(category => card.Categories.FirstOrDefault(c => c.Id == category.Id) is { } score
                ? Cell(score.Score, $"{entry.Name}: {category.Title} {TrendView.Score(score.Score)} ({score.Passed} passed, {score.Failed} failed)")
                : new HeatCell("–", "none", $"{entry.Name}: no {category.Title} rules")).ToArray();
            var trend = entry.Trend;
            var trendText = trend is { Count: > 1 } && trend[0] is { } first && trend[^1] is { } last
                ? (last - first).ToString("+0.#;−0.#;±0", CultureInfo.InvariantCulture) + $" over {trend.Count} points"
                : "";
            return new PortfolioRow(entry.Name, entry.Source, scorecardLink(entry), Cell(card.Score, $"{entry.Name}: overall {TrendView.Score(card.Score)}"),
                card.Grade ?? "–", entry.Report.Gate.Passed, cells, trend is null ? null : TrendChart.Sparkline(trend), trendText,
                entry.Report.Results.Count(result => result.Outcome == Model.Outcome.Fail));
        }

        var incomparable = report.Incomparable;
        var order = Profile.All.Select(profile => profile.Name).Reverse().Append("none").ToArray();
        var groups = ranked.GroupBy(entry => entry.Profile)
            .OrderBy(group => Array.IndexOf(order, group.Key))
            .Select(group => new ProfileGroup(
                group.Key,
                Profile.Named(group.Key)?.Summary ?? "No profile declared: every rule at its own severity (a profile is declared in .repoaudit.yml).",
                group.Count(),
                AverageOf(group),
                group.Select(Row).ToArray(),
                incomparable.Where(ruleSet => ruleSet.Profile == group.Key).Select(ruleSet => $"{ruleSet.Label}: {string.Join(", ", ruleSet.Repositories)}").ToArray()))
            .ToArray();
        var failures = report.CommonFailures().Select(failure => new FailureRow(failure.RuleId, failure.Name, failure.Title, failure.Repositories.Count,
            (failure.Repositories.Count / (double)Math.Max(1, report.Entries.Count)).ToString("P0", CultureInfo.InvariantCulture),
            string.Join(", ", failure.Repositories))).ToArray();
        return new PortfolioView
        {
            Tool = report.Tool,
            GeneratedAt = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            GeneratedAtIso = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            RepositoryCount = report.Entries.Count,
            Average = AverageOf(report.Entries),
            GatesPassed = report.Entries.Count(entry => entry.Report.Gate.Passed),
            CategoryTitles = categories.Select(category => category.Title).ToArray(),
            Groups = groups,
            Failures = failures,
            Broken = report.Broken,
            Profiles = Profile.All,
            HasTrends = report.Entries.Any(entry => entry.Trend is not null),
            Comparable = incomparable.Count == 0,
        };
    }

    private static HeatCell Cell(double? score, string title) => new(TrendView.Score(score), TrendView.GradeClass(score), title);

    private static string AverageOf(IEnumerable<PortfolioEntry> entries)
    {
        var scores = entries.Select(entry => entry.Report.Scorecard.Score).OfType<double>().ToArray();
        return scores.Length == 0 ? "–" : scores.Average().ToString("0.#", CultureInfo.InvariantCulture);
    }
}

/// <summary>The portfolio's report formats, and the file name of each repository's scorecard beside the overview.</summary>
public static class PortfolioReports
{
    public static readonly IReadOnlyList<string> Formats = ["console", "json", "html", "markdown"];

    /// <summary>Renders a format; HTML and Markdown use the templates in <paramref name="templateFolder"/> where it has them.</summary>
    public static string Render(string format, PortfolioReport report, Func<PortfolioEntry, string?>? scorecardLink = null, string? templateFolder = null)
    {
        var link = scorecardLink ?? (_ => null);
        return format switch
        {
            "json" => Json(report, link),
            "html" or "markdown" => Template(format, templateFolder)!.Render(PortfolioView.From(report, link)),
            _ => Console(report),
        };
    }

    /// <summary>The compiled template of a format (null for json and console), so a broken one is found before the audits.</summary>
    public static ScorecardTemplate? Template(string format, string? templateFolder) => format switch
    {
        "html" => ScorecardTemplate.Page("portfolio.html.hbs", markdown: false, templateFolder),
        "markdown" => ScorecardTemplate.Page("portfolio.md.hbs", markdown: true, templateFolder),
        _ => null,
    };

    /// <summary>A file name for a repository's scorecard: its name, with anything but letters, digits, '.', '_' and '-' replaced.</summary>
    public static string ScorecardFile(PortfolioEntry entry) =>
        new string(entry.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).TrimStart('.') + ".scorecard.html";

    private static string Console(PortfolioReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"RepoAudit portfolio: {Checks.Primitives.EvidenceList.Plural(report.Entries.Count, "repository", "repositories")}{(report.Broken.Count > 0 ? $", {report.Broken.Count} could not be audited" : "")}");
        text.AppendLine();
        foreach (var entry in report.Ranked)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{TrendView.Score(entry.Report.Scorecard.Score),5} {entry.Report.Scorecard.Grade ?? "-",-2} {(entry.Report.Gate.Passed ? "pass" : "FAIL"),-4} {entry.Profile,-10} {Printable(entry.Name)}");
        }

        var failures = report.CommonFailures(5);
        if (failures.Count > 0)
        {
            text.AppendLine().AppendLine("most common failures:");
        }

        foreach (var failure in failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {failure.RuleId} {failure.Name}: {Checks.Primitives.EvidenceList.Plural(failure.Repositories.Count, "repository", "repositories")}");
        }

        foreach (var profile in report.Incomparable.GroupBy(ruleSet => ruleSet.Profile, StringComparer.Ordinal))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"not comparable: the {Printable(profile.Key)} repositories were judged by {profile.Count()} different rule sets or versions:");
            foreach (var ruleSet in profile)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {Printable(ruleSet.Label)}: {Printable(string.Join(", ", ruleSet.Repositories))}");
            }
        }

        foreach (var broken in report.Broken)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"could not audit {Printable(broken.Source)}: {Printable(broken.Problem)}");
        }

        return text.ToString();
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static string Json(PortfolioReport report, Func<PortfolioEntry, string?> link) => JsonReport.Serialize(json =>
        {
            json.WriteStartObject();
            json.WriteString("kind", "repoaudit-portfolio");
            json.WriteNumber("schemaVersion", 1);
            json.WriteStartObject("tool");
            json.WriteString("name", report.Tool.Name);
            json.WriteString("version", report.Tool.Version);
            json.WriteEndObject();
            json.WriteString("generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            var incomparable = report.Incomparable;
            json.WriteBoolean("comparable", incomparable.Count == 0);
            json.WriteStartArray("incomparable");
            foreach (var ruleSet in incomparable)
            {
                json.WriteStartObject();
                json.WriteString("profile", ruleSet.Profile);
                json.WriteString("toolVersion", ruleSet.Version);
                json.WriteString("ruleSet", ruleSet.Hash);
                json.WriteStartArray("repositories");
                ruleSet.Repositories.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("repositories");
            foreach (var entry in report.Ranked)
            {
                var card = entry.Report.Scorecard;
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteString("source", entry.Source);
                json.WriteString("profile", entry.Report.Profile);
                json.WriteString("commit", entry.Report.Repository.Commit);
                json.WriteString("toolVersion", entry.Report.Tool.Version);
                json.WriteString("ruleSet", entry.Report.RuleSet?.Hash);
                JsonReport.WriteNumberOrNull(json, "score", card.Score);
                json.WriteString("grade", card.Grade);
                json.WriteBoolean("gatePassed", entry.Report.Gate.Passed);
                json.WriteString("scorecard", link(entry));
                json.WriteStartObject("categories");
                foreach (var category in card.Categories)
                {
                    JsonReport.WriteNumberOrNull(json, category.Id, category.Score);
                }

                json.WriteEndObject();
                json.WriteStartArray("failing");
                foreach (var result in entry.Report.Results.Where(result => result.Outcome == Model.Outcome.Fail))
                {
                    json.WriteStringValue(result.Rule.Id);
                }

                json.WriteEndArray();
                if (entry.Trend is { } trend)
                {
                    json.WriteStartArray("trend");
                    foreach (var score in trend)
                    {
                        if (score is { } value)
                        {
                            json.WriteNumberValue(value);
                        }
                        else
                        {
                            json.WriteNullValue();
                        }
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("commonFailures");
            foreach (var failure in report.CommonFailures())
            {
                json.WriteStartObject();
                json.WriteString("ruleId", failure.RuleId);
                json.WriteString("name", failure.Name);
                json.WriteNumber("repositories", failure.Repositories.Count);
                json.WriteStartArray("names");
                failure.Repositories.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("broken");
            foreach (var broken in report.Broken)
            {
                json.WriteStartObject();
                json.WriteString("source", broken.Source);
                json.WriteString("problem", broken.Problem);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
