using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RepoAudit.Core.Config;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Results;
using RepoAudit.Core.Scoring;

namespace RepoAudit.Cli.Commands;

/// <summary>
/// `repoaudit github`: the GitHub Action's logic, in one tested place. Inputs arrive as INPUT_* environment variables
/// (never interpolated into a shell script, so no input can inject commands); it scans, writes the Markdown report to
/// the job summary, emits annotations for failing rules, sets step outputs, and exits 1 exactly when the gate fails.
/// </summary>
public static class GithubCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("github",
            "Run as a GitHub Action step (used by action.yml). Reads INPUT_PATH, INPUT_CONFIG, INPUT_RULES, INPUT_FAIL-ON, INPUT_MIN-SCORE, " +
            "INPUT_BASELINE, INPUT_SARIF-FILE, INPUT_HTML-FILE, INPUT_JSON-FILE, INPUT_SUMMARY, INPUT_ANNOTATIONS and the runner's GITHUB_* " +
            "variables; on pull_request events the baseline defaults to the base commit.");
        command.SetAction(_ => Run(Environment.GetEnvironmentVariable, stdout, stderr));
        return command;
    }

    public static int Run(Func<string, string?> env, TextWriter stdout, TextWriter stderr)
    {
        string? Input(string name) => env($"INPUT_{name.ToUpperInvariant()}") is { Length: > 0 } value ? value.Trim() : null;
        bool Flag(string name, bool fallback) => Input(name) is { } value ? value.Equals("true", StringComparison.OrdinalIgnoreCase) : fallback;

        var workspace = env("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(Path.Combine(workspace, Input("path") ?? "."));
        var baseline = Input("baseline") ?? BaseCommitOfPullRequest(env);
        // The Markdown scorecard is always written: it is the job summary.
        var markdownFile = Path.Combine(env("RUNNER_TEMP") ?? Path.GetTempPath(), "repoaudit-summary.md");
        var reports = new List<(string, string)> { ("markdown", markdownFile) };
        foreach (var (format, input) in new[] { ("sarif", "sarif-file"), ("html", "html-file"), ("json", "json-file") })
        {
            if (Input(input) is { } file)
            {
                reports.Add((format, Path.GetFullPath(Path.Combine(workspace, file))));
            }
        }

        var failOn = Input("fail-on") is { } failText
            ? FailOn.TryParse(failText, out var parsed) ? parsed : throw new UsageException($"input fail-on must be error, warning, info or never, found '{failText}'")
            : null;
        double? minScore = Input("min-score") is { } minText
            ? double.TryParse(minText, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) ? min : throw new UsageException($"input min-score must be a number, found '{minText}'")
            : null;
        var settings = new ScanSettings(
            Path: path,
            Format: "console",
            Output: "-",
            Reports: reports,
            Rules: new RuleSources
            {
                Packs = (Input("rules") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(pack => Path.GetFullPath(Path.Combine(workspace, pack))).ToArray(),
                ConfigFile = Input("config") is { } config ? Path.GetFullPath(Path.Combine(workspace, config)) : null,
            },
            FailOn: failOn,
            MinScore: minScore,
            HistoryDepth: null,
            NoHistory: false,
            Quiet: true,
            Baseline: baseline);

        AuditReport report;
        try
        {
            report = ScanCommand.Execute(settings, stdout, stderr);
        }
        catch (Exception ex) when (ex is BaselineNotFoundException or UsageException or Core.Text.LoadException)
        {
            stdout.WriteLine($"::error title=RepoAudit could not run::{Escape(ex.Message)}");
            throw;
        }

        var relativeRoot = Path.GetRelativePath(workspace, path).Replace('\\', '/');
        if (Flag("annotations", fallback: true))
        {
            foreach (var line in Annotations(report, relativeRoot == "." ? "" : relativeRoot + "/"))
            {
                stdout.WriteLine(line);
            }
        }

        if (Flag("summary", fallback: true) && env("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            File.AppendAllText(summary, File.ReadAllText(markdownFile));
        }

        if (env("GITHUB_OUTPUT") is { Length: > 0 } outputs)
        {
            var lines = new StringBuilder();
            lines.Append(CultureInfo.InvariantCulture, $"score={report.Scorecard.Score?.ToString("0.0", CultureInfo.InvariantCulture) ?? ""}\n");
            lines.Append(CultureInfo.InvariantCulture, $"grade={report.Scorecard.Grade ?? ""}\n");
            lines.Append(CultureInfo.InvariantCulture, $"passed={(report.Gate.Passed ? "true" : "false")}\n");
            foreach (var (format, file) in reports)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{format}-file={file}\n");
            }

            File.AppendAllText(outputs, lines.ToString());
        }

        return report.Gate.Passed ? ExitCodes.GatePassed : ExitCodes.GateFailed;
    }

    /// <summary>On pull_request events, the base commit from the event payload.</summary>
    private static string? BaseCommitOfPullRequest(Func<string, string?> env)
    {
        if (env("GITHUB_EVENT_NAME") is not ("pull_request" or "pull_request_target") || env("GITHUB_EVENT_PATH") is not { } eventPath || !File.Exists(eventPath))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(File.ReadAllText(eventPath));
            return payload.RootElement.TryGetProperty("pull_request", out var pr) && pr.TryGetProperty("base", out var b) && b.TryGetProperty("sha", out var sha)
                ? sha.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Workflow commands for failing rules: `::error file=...,line=...,title=...::message`, one per rule.</summary>
    public static IEnumerable<string> Annotations(AuditReport report, string pathPrefix)
    {
        var failing = report.Results.Where(result => result.Outcome == Outcome.Fail);
        if (report.Baseline is { } baseline)
        {
            failing = baseline.NewlyFailing;
            if (baseline.ConfigChanged)
            {
                yield return $"::warning file={Property(pathPrefix + AuditConfig.FileName)},title=RepoAudit configuration changed::{Escape($".repoaudit.yml differs from the baseline {baseline.Ref}; this run was gated with the baseline's configuration.")}";
            }
        }

        foreach (var result in failing)
        {
            var level = result.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            var evidence = result.Evidence.FirstOrDefault(e => e.PointsAtAFile);
            var location = evidence is null ? "" : $"file={Property(pathPrefix + evidence.Path)}{(evidence.Line is { } line ? $",line={line}" : "")},";
            yield return $"::{level} {location}title={Property($"{result.Rule.Id} {result.Rule.Title}")}::{Escape(result.Message)}";
        }
    }

    // Workflow command escaping (what the runner itself expects): data escapes %, CR, LF; properties also : and ,.
    private static string Escape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) =>
        Escape(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
