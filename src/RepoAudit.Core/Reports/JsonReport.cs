using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RepoAudit.Core.Model;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>The JSON report of the CLI contract (schemaVersion 1), written field by field so the contract is visible here.</summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public static string Render(AuditReport report) => Serialize(json => Write(json, report));

    private static void Write(Utf8JsonWriter json, AuditReport report)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", report.Tool.Name);
        json.WriteString("version", report.Tool.Version);
        json.WriteEndObject();
        WriteRuleSet(json, report.RuleSet);

        var repo = report.Repository;
        json.WriteStartObject("repository");
        json.WriteString("root", repo.Root);
        json.WriteString("commit", repo.Commit);
        json.WriteString("branch", repo.Branch);
        json.WriteBoolean("shallow", repo.Shallow);
        json.WriteBoolean("dirty", repo.Dirty);
        json.WriteBoolean("isGitRepository", repo.IsGitRepository);
        json.WriteBoolean("partialClone", repo.PartialClone);
        json.WriteString("historyUnavailable", report.HistoryUnavailableReason);
        json.WriteEndObject();

        json.WriteString("scannedAt", report.ScannedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("durationMs", report.DurationMs);
        WriteNumberOrNull(json, "score", report.Scorecard.Score);
        json.WriteString("grade", report.Scorecard.Grade);
        json.WriteString("profile", report.Profile);

        var gate = report.Gate;
        json.WriteStartObject("gate");
        json.WriteBoolean("passed", gate.Passed);
        json.WriteString("failOn", gate.FailOn.ToString());
        WriteNumberOrNull(json, "minScore", gate.MinScore);
        json.WriteString("baseline", gate.Baseline);
        json.WriteStartArray("reasons");
        foreach (var reason in gate.Reasons)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("categories");
        foreach (var category in report.Scorecard.Categories)
        {
            json.WriteStartObject();
            json.WriteString("id", category.Id);
            json.WriteString("title", category.Title);
            WriteNumberOrNull(json, "score", category.Score);
            json.WriteNumber("passed", category.Passed);
            json.WriteNumber("failed", category.Failed);
            json.WriteNumber("notApplicable", category.NotApplicable);
            json.WriteNumber("unknown", category.Unknown);
            json.WriteNumber("error", category.Errors);
            json.WriteNumber("suppressed", category.Suppressed);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var result in report.Results)
        {
            WriteResult(json, result);
        }

        json.WriteEndArray();

        if (report.Baseline is { } baseline)
        {
            json.WriteStartObject("baseline");
            json.WriteString("ref", baseline.Ref);
            json.WriteString("commit", baseline.Commit);
            WriteNumberOrNull(json, "score", baseline.Score);
            WriteNumberOrNull(json, "scoreDelta", baseline.ScoreDelta);
            json.WriteBoolean("configChanged", baseline.ConfigChanged);
            WriteIds(json, "newlyFailing", baseline.NewlyFailing);
            WriteIds(json, "fixed", baseline.Fixed);
            WriteIds(json, "stillFailing", baseline.StillFailing);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("baseline");
        }

        json.WriteStartArray("skipped");
        foreach (var skipped in report.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("path", skipped.Path);
            json.WriteString("reason", skipped.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, RuleResult result)
    {
        var rule = result.Rule;
        json.WriteStartObject();
        json.WriteString("ruleId", rule.Id);
        json.WriteString("name", rule.Name);
        json.WriteString("title", rule.Title);
        json.WriteString("category", rule.Category);
        json.WriteString("severity", result.Severity.ToWire());
        json.WriteNumber("weight", result.Weight);
        json.WriteString("outcome", result.Outcome.ToWire());
        json.WriteString("message", result.Message);
        json.WriteStartArray("evidence");
        foreach (var evidence in result.Evidence)
        {
            json.WriteStartObject();
            json.WriteString("path", evidence.Path);
            if (evidence.Line is { } line)
            {
                json.WriteNumber("line", line);
            }
            else
            {
                json.WriteNull("line");
            }

            json.WriteString("commit", evidence.Commit);
            json.WriteString("detail", evidence.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("remediation", rule.Fix);
        json.WriteString("helpUri", rule.HelpUri);
        if (result.Suppression is { } suppression)
        {
            json.WriteStartObject("suppression");
            json.WriteString("reason", suppression.Reason);
            json.WriteString("until", suppression.Until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter json, string name, IEnumerable<RuleResult> results)
    {
        json.WriteStartArray(name);
        foreach (var result in results)
        {
            json.WriteStringValue(result.Rule.Id);
        }

        json.WriteEndArray();
    }

    /// <summary>The rule set a report was judged by (null when unknown, e.g. a report read back from an older version).</summary>
    internal static void WriteRuleSet(Utf8JsonWriter json, RuleSetInfo? ruleSet)
    {
        if (ruleSet is null)
        {
            json.WriteNull("ruleSet");
            return;
        }

        json.WriteStartObject("ruleSet");
        json.WriteString("hash", ruleSet.Hash);
        json.WriteNumber("rules", ruleSet.Rules);
        json.WriteEndObject();
    }

    /// <summary>Writes a JSON document the way every RepoAudit report is written: indented, UTF-8, ending in a newline.</summary>
    internal static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    internal static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
