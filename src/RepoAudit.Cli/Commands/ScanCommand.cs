using System.CommandLine;
using System.Globalization;
using RepoAudit.Core.Config;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Git;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Results;
using RepoAudit.Core.Scoring;

namespace RepoAudit.Cli.Commands;

/// <summary>The options of one `repoaudit scan`, immutable once parsed.</summary>
public sealed record ScanSettings(
    string Path,
    string Format,
    string Output,
    IReadOnlyList<(string Format, string File)> Reports,
    RuleSources Rules,
    FailOn? FailOn,
    double? MinScore,
    int? HistoryDepth,
    bool NoHistory,
    bool Quiet,
    string? Baseline = null,
    string? TemplateFolder = null,
    bool Progress = false,
    double? GitTimeout = null);

/// <summary>`repoaudit scan [PATH]`: audit a repository, write reports, exit by the gate.</summary>
public static class ScanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("PATH") { Description = "The repository (or a project folder inside one) to audit.", DefaultValueFactory = _ => "." };
        var format = new Option<string>("--format", "-f")
        {
            Description = $"Report format for stdout or --output: {string.Join(", ", ReportFormats.Names)}.",
            DefaultValueFactory = _ => "console",
        };
        format.AcceptOnlyFromAmong([.. ReportFormats.Names]);
        var output = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "Write the --format report to FILE instead of stdout ('-' = stdout).", DefaultValueFactory = _ => "-" };
        var reports = new Option<string[]>("--report")
        {
            HelpName = "FORMAT=FILE",
            Description = "Also write a report: FORMAT=FILE, e.g. --report json=audit.json. Repeatable; all reports come from one scan.",
            AllowMultipleArgumentsPerToken = false,
        };
        var common = CommonOptions.Create();
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a rule of at least this severity fails: error, warning, info or never. Default: the config's fail_on, else error.",
        };
        failOn.AcceptOnlyFromAmong("error", "warning", "info", "never");
        var minScore = new Option<double?>("--min-score") { HelpName = "N", Description = "Exit 1 when the overall score (0-100) is below N." };
        var depth = new Option<int?>("--history-depth") { HelpName = "N", Description = "Read at most N commits of history for history rules (default: all, or the config's history.depth)." };
        var noHistory = new Option<bool>("--no-history") { Description = "Skip git history; history rules report 'unknown'." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output on stderr." };
        var progressOption = new Option<bool>("--progress")
        {
            Description = "Report progress on stderr even when it is not a terminal (one line a second, e.g. for CI logs): files, rules, " +
                          "and for history the commits and blobs read and their rate.",
        };
        var gitTimeout = new Option<double?>("--git-timeout")
        {
            HelpName = "SECONDS",
            Description = $"Stop any one git command after SECONDS (default {GitRunner.DefaultTimeLimit.TotalSeconds:0}); the rules that needed it report 'unknown' with the reason.",
        };
        var baseline = new Option<string?>("--baseline")
        {
            HelpName = "REF",
            Description = "Compare with the repository at REF (commit, branch or tag; read from git objects, no checkout). The gate then fails " +
                          "only on rules that fail now and did not fail at REF, and the config and packs that gate come from REF.",
        };
        var template = CommonOptions.Template("scorecard.html.hbs, scorecard.md.hbs");

        var command = new Command("scan", "Audit a repository and print a scorecard. Exit code: 0 gate passed, 1 gate failed, 2 could not run.")
        {
            path, format, output, reports, common.Rules, common.NoBuiltin, common.Config, failOn, minScore, depth, noHistory, quiet, progressOption, gitTimeout, baseline, template,
        };

        command.SetAction(parse =>
        {
            var settings = new ScanSettings(
                parse.GetValue(path)!,
                parse.GetValue(format)!,
                parse.GetValue(output)!,
                CommonOptions.ParseReports(parse.GetValue(reports) ?? [], ReportFormats.Names),
                common.Sources(parse),
                parse.GetValue(failOn) is { } f && FailOn.TryParse(f, out var parsedFailOn) ? parsedFailOn : null,
                parse.GetValue(minScore),
                parse.GetValue(depth),
                parse.GetValue(noHistory),
                parse.GetValue(quiet),
                parse.GetValue(baseline),
                parse.GetValue(template),
                parse.GetValue(progressOption),
                parse.GetValue(gitTimeout));
            return Run(settings, stdout, stderr);
        });
        return command;
    }

    public static int Run(ScanSettings settings, TextWriter stdout, TextWriter stderr) =>
        Execute(settings, stdout, stderr).Gate.Passed ? ExitCodes.GatePassed : ExitCodes.GateFailed;

    /// <summary>Runs the audit and writes every requested report; the caller decides the exit code from the gate.</summary>
    public static AuditReport Execute(ScanSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var folder = CommonOptions.RequireFolder(settings.Path);
        if (settings.MinScore is < 0 or > 100)
        {
            throw new UsageException("--min-score must be between 0 and 100");
        }

        if (settings.HistoryDepth is < 1)
        {
            throw new UsageException("--history-depth must be at least 1");
        }

        CommonOptions.RequireTemplateFolder(settings.TemplateFolder);
        if (settings.GitTimeout is <= 0 or > 86_400)
        {
            throw new UsageException("--git-timeout must be more than 0 and at most 86400 seconds");
        }

        var progress = Terminal.Progress(stderr, settings.Quiet, settings.Progress);
        var report = Auditor.Run(folder, settings.Rules, new AuditOptions
        {
            Baseline = settings.Baseline,
            FailOn = settings.FailOn,
            MinScore = settings.MinScore,
            HistoryDepth = settings.HistoryDepth,
            NoHistory = settings.NoHistory,
            Progress = progress,
            Git = new GitRunner(timeLimit: settings.GitTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
        });
        Terminal.EndProgress(stderr, progress);

        var render = new RenderSettings(TemplateFolder: settings.TemplateFolder, FullReports: FullReports(settings));
        foreach (var (reportFormat, file) in settings.Reports)
        {
            Write(file, ReportFormats.Render(reportFormat, report, render), stdout);
            if (!settings.Quiet && file != "-")
            {
                stderr.WriteLine($"wrote {reportFormat} report to {file}");
            }
        }

        var toStdout = settings.Output == "-";
        var rendered = ReportFormats.Render(settings.Format, report, render with { Color = toStdout && Terminal.UseColor(stdout) });
        Write(settings.Output, rendered, stdout);
        return report;
    }

    /// <summary>The files that hold this scan's complete reports, for a shortened Markdown report to point to.</summary>
    private static IReadOnlyList<string> FullReports(ScanSettings settings) =>
        settings.Reports.Append((Format: settings.Format, File: settings.Output))
            .Where(report => report.Format is "html" or "json" && report.File != "-")
            .Select(report => report.File).Distinct(StringComparer.Ordinal).ToArray();

    internal static void Write(string file, string content, TextWriter stdout)
    {
        if (file == "-")
        {
            stdout.Write(content);
            stdout.Flush();
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(file, content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"cannot write the report to '{file}': {ex.Message}"));
        }
    }
}
