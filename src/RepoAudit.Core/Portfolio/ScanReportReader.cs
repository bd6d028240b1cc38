using System.Globalization;
using System.Text.Json;
using RepoAudit.Core.Results;
using RepoAudit.Core.Config;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Portfolio;

/// <summary>A file that is not a report this version can read.</summary>
public sealed class ReportFormatException(string message) : Exception(message);

/// <summary>
/// Reads back the JSON report of `repoaudit scan` (e.g. collected from many CI jobs) into the report model, so the
/// portfolio and every scorecard renderer treat it like a fresh audit. Rules the report names that the built-in pack
/// also has keep their guidance (why, references); others show what the report holds.
/// </summary>
public static class ScanReportReader
{
    private static readonly Lazy<IReadOnlyDictionary<string, RuleDefinition>> Builtin =
        new(() => RuleLoader.LoadBuiltin().ToDictionary(rule => rule.Id, StringComparer.Ordinal));

    public static AuditReport Read(string file, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.GetInt32() != JsonReport.SchemaVersion)
            {
                throw new ReportFormatException($"'{file}' is not a RepoAudit scan report (schemaVersion {JsonReport.SchemaVersion})");
            }

            var tool = root.GetProperty("tool");
            var repository = root.GetProperty("repository");
            var results = root.GetProperty("results").EnumerateArray().Select(ReadResult).ToArray();
            var gate = root.GetProperty("gate");
            var failOn = FailOn.TryParse(gate.GetProperty("failOn").GetString() ?? "", out var parsed) ? parsed : FailOn.Default;
            return new AuditReport(
                new ToolInfo(tool.GetProperty("name").GetString() ?? "repoaudit", tool.GetProperty("version").GetString() ?? "?"),
                new RepositoryInfo(
                    repository.GetProperty("root").GetString() ?? file,
                    String(repository, "commit"),
                    String(repository, "branch"),
                    Bool(repository, "shallow"),
                    Bool(repository, "dirty"),
                    Bool(repository, "isGitRepository"),
                    Bool(repository, "partialClone")),
                DateTimeOffset.Parse(root.GetProperty("scannedAt").GetString()!, CultureInfo.InvariantCulture),
                root.TryGetProperty("durationMs", out var duration) && duration.ValueKind == JsonValueKind.Number ? duration.GetInt64() : 0,
                Scorecard.From(results),
                new GateResult(gate.GetProperty("passed").GetBoolean(), failOn, Number(gate, "minScore"), String(gate, "baseline"),
                    gate.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString() ?? "").ToArray()),
                results,
                root.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.Array
                    ? skipped.EnumerateArray().Select(entry => new SkippedPath(String(entry, "path") ?? "", String(entry, "reason") ?? "")).ToArray()
                    : [],
                String(repository, "historyUnavailable"),
                null,
                String(root, "profile"),
                root.TryGetProperty("ruleSet", out var ruleSet) && ruleSet.ValueKind == JsonValueKind.Object && String(ruleSet, "hash") is { } hash
                    ? new RuleSetInfo(hash, Number(ruleSet, "rules") is { } rules ? (int)rules : results.Length)
                    : null);
        }
        catch (KeyNotFoundException)
        {
            throw new ReportFormatException($"'{file}' is not a complete RepoAudit scan report: a required field is missing");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ReportFormatException($"'{file}' is not a RepoAudit scan report this version can read: {ex.Message}");
        }
    }

    private static RuleResult ReadResult(JsonElement result)
    {
        var id = result.GetProperty("ruleId").GetString()!;
        var severityText = result.GetProperty("severity").GetString() ?? "";
        var severity = OutcomeNames.TryParseSeverity(severityText, out var s) ? s : throw new FormatException($"rule {id}: unknown severity '{severityText}'");
        var outcomeText = result.GetProperty("outcome").GetString();
        var outcome = Enum.GetValues<Outcome>().FirstOrDefault(o => o.ToWire() == outcomeText, (Outcome)(-1));
        if (!Enum.IsDefined(outcome))
        {
            throw new FormatException($"rule {id}: unknown outcome '{outcomeText}'");
        }

        // A report carries what results need: rule metadata, not the YAML the rule was written in.
        var builtin = Builtin.Value.GetValueOrDefault(id)?.Info;
        var rule = new RuleInfo
        {
            Id = id,
            Name = String(result, "name") ?? id,
            Title = String(result, "title") ?? id,
            Category = String(result, "category") ?? "other",
            Severity = severity,
            Lifecycle = builtin?.Lifecycle ?? "stable",
            Why = builtin?.Why ?? "",
            Fix = String(result, "remediation") ?? "",
            References = builtin?.References ?? [],
            HelpUri = String(result, "helpUri"),
            Source = builtin?.Source ?? "report",
            Pack = builtin?.Pack ?? "report",
        };
        var evidence = result.TryGetProperty("evidence", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(item => new Evidence(String(item, "path"),
                item.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null,
                String(item, "commit"), String(item, "detail") ?? "")).ToArray()
            : [];
        Suppression? suppression = result.TryGetProperty("suppression", out var suppressed) && suppressed.ValueKind == JsonValueKind.Object
            ? new Suppression(String(suppressed, "reason") ?? "", String(suppressed, "until") is { } until ? DateOnly.Parse(until, CultureInfo.InvariantCulture) : null)
            : null;
        return new RuleResult(rule, severity, result.GetProperty("weight").GetInt32(), outcome, String(result, "message") ?? "", evidence, suppression);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
