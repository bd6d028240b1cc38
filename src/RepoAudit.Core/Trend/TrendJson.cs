using System.Globalization;
using System.Text.Json;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;

namespace RepoAudit.Core.Trend;

/// <summary>The JSON trend report: points oldest first, each with its scores and the rules that flipped since the previous one.</summary>
public static class TrendJson
{
    public const string Kind = "repoaudit-trend";
    public const int SchemaVersion = 1;

    public static string Render(TrendReport report) => JsonReport.Serialize(json =>
        {
            json.WriteStartObject();
            json.WriteString("kind", Kind);
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", report.Tool.Name);
            json.WriteString("version", report.Tool.Version);
            json.WriteEndObject();
            JsonReport.WriteRuleSet(json, report.RuleSet);
            json.WriteStartObject("repository");
            json.WriteString("name", Path.GetFileName(report.Root));
            json.WriteString("root", report.Root);
            json.WriteString("branch", report.Branch);
            json.WriteString("commitUrlPrefix", report.CommitUrlPrefix);
            json.WriteEndObject();
            json.WriteString("generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteNumber("durationMs", report.DurationMs);
            json.WriteStartArray("notes");
            report.Notes.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteStartArray("points");
            foreach (var point in report.Points)
            {
                WritePoint(json, report, point);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });

    private static void WritePoint(Utf8JsonWriter json, TrendReport report, TrendPoint point)
    {
        json.WriteStartObject();
        json.WriteString("commit", point.Commit.Sha);
        json.WriteString("date", point.Commit.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteString("subject", point.Commit.Subject);
        json.WriteString("tag", point.Commit.Tag);
        json.WriteString("url", report.CommitUrl(point.Commit.Sha));
        JsonReport.WriteNumberOrNull(json, "score", point.Scorecard.Score);
        json.WriteString("grade", point.Scorecard.Grade);
        json.WriteStartObject("categories");
        foreach (var category in point.Scorecard.Categories)
        {
            JsonReport.WriteNumberOrNull(json, category.Id, category.Score);
        }

        json.WriteEndObject();
        json.WriteString("historyUnavailable", point.HistoryUnavailableReason);
        json.WriteStartArray("flips");
        foreach (var flip in point.Flips)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", flip.RuleId);
            json.WriteString("name", flip.RuleName);
            json.WriteString("category", flip.Category);
            json.WriteString("from", flip.Before.ToWire());
            json.WriteString("to", flip.After.ToWire());
            json.WriteString("direction", flip.Direction);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("outcomes");
        foreach (var result in point.Results)
        {
            json.WriteString(result.Rule.Id, result.Outcome.ToWire());
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
