using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RepoAudit.Core.Model;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Every enabled rule is a reportingDescriptor (so code
/// scanning can close an alert once the rule passes); every failing rule is a result with a location: its evidence
/// file and line, or for repository-level findings the file where the fix belongs.
/// </summary>
public static class SarifReport
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string InformationUri = "https://github.com/repoaudit/repoaudit";

    /// <summary>Where a finding without a file of its own is shown, by category: where its fix would go.</summary>
    private static readonly Dictionary<string, string[]> Anchors = new(StringComparer.Ordinal)
    {
        ["ci"] = [".github/workflows/ci.yml", ".gitlab-ci.yml", "README.md"],
        ["data"] = [".gitattributes", "dvc.yaml", "README.md"],
        ["reproducibility"] = ["requirements.txt", "pyproject.toml", "environment.yml", "README.md"],
        ["security"] = [".gitignore", "README.md"],
        ["hygiene"] = [".gitignore", "README.md"],
        ["containerisation"] = ["Dockerfile", "README.md"],
    };

    public static string Render(AuditReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, report);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static void Write(Utf8JsonWriter json, AuditReport report)
    {
        var results = report.Results;
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "RepoAudit");
        json.WriteString("semanticVersion", report.Tool.Version);
        json.WriteString("version", report.Tool.Version);
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var result in results)
        {
            WriteDescriptor(json, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("automationDetails");
        // Distinguishes runs (and so alert sets) when one repository audits several project folders.
        json.WriteString("id", $"repoaudit/{Path.GetFileName(report.Repository.Root.TrimEnd('/'))}/");
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("PROJECTROOT");
        json.WriteString("uri", new Uri(report.Repository.Root.TrimEnd('/') + "/").AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        if (report.Repository.Commit is { } commit)
        {
            json.WriteStartArray("versionControlProvenance");
            json.WriteStartObject();
            json.WriteString("repositoryUri", InformationUri);
            json.WriteString("revisionId", commit);
            if (report.Repository.Branch is { } branch)
            {
                json.WriteString("branch", branch);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteString("endTimeUtc", report.ScannedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        for (var index = 0; index < results.Count; index++)
        {
            if (results[index].Outcome == Outcome.Fail)
            {
                WriteResult(json, results[index], index);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDescriptor(Utf8JsonWriter json, RuleResult result)
    {
        var rule = result.Rule;
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", ToPascal(rule.Name));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", FirstParagraph(rule.Why));
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", $"{rule.Why}\n\nHow to fix it:\n{rule.Fix}");
        json.WriteString("markdown", $"## Why it matters\n\n{rule.Why}\n\n## How to fix it\n\n{rule.Fix}");
        json.WriteEndObject();
        if (rule.HelpUri is { } help)
        {
            json.WriteString("helpUri", help);
        }

        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(result.Severity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteStartArray("tags");
        foreach (var tag in new[] { "repoaudit", rule.Category }.Concat(rule.Tags).Distinct())
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("precision", "high");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, RuleResult result, int index)
    {
        var located = result.Evidence.Where(e => e.PointsAtAFile).ToArray();
        var anchors = located.Length > 0
            ? located.Take(10).Select(e => (e.Path!, e.Line)).ToArray()
            : [(Anchor(result.Rule.Category), (int?)null)];

        json.WriteStartObject();
        json.WriteString("ruleId", result.Rule.Id);
        json.WriteNumber("ruleIndex", index);
        json.WriteString("level", Level(result.Severity));
        json.WriteStartObject("message");
        var details = string.Join("\n", result.Evidence.Take(10).Select(e => $"- {(e.Path is null ? "" : e.Line is { } l ? $"{e.Path}:{l}: " : $"{e.Path}: ")}{e.Detail}"));
        json.WriteString("text", details.Length == 0 ? result.Message : $"{result.Message}\n{details}");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        foreach (var (path, line) in anchors.DistinctBy(a => a))
        {
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", EscapeUri(path));
            json.WriteString("uriBaseId", "PROJECTROOT");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line is > 0 ? line.Value : 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        // Stable across scans so code scanning tracks the same alert: the rule and where it points, not the wording.
        json.WriteString("repoauditFinding/v1", Fingerprint($"{result.Rule.Id}|{anchors[0].Item1}"));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Anchor(string category) =>
        Anchors.TryGetValue(category, out var candidates) ? candidates[0] : "README.md";

    private static string EscapeUri(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    private static string ToPascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    private static string FirstParagraph(string text) => text.Replace("\r", "", StringComparison.Ordinal).Split("\n\n")[0].Replace('\n', ' ').Trim();
}
