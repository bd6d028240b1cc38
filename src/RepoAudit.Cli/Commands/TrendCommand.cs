using System.CommandLine;
using System.Globalization;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Trend;

namespace RepoAudit.Cli.Commands;

/// <summary>The options of one `repoaudit trend`, immutable once parsed.</summary>
public sealed record TrendSettings(
    string Path,
    string Format,
    string Output,
    IReadOnlyList<(string Format, string File)> Reports,
    RuleSources Rules,
    TrendSelection Selection,
    int? HistoryDepth,
    bool NoHistory,
    bool Quiet,
    string? TemplateFolder = null);

/// <summary>`repoaudit trend [PATH]`: the scorecard over time, audited from git objects at several commits.</summary>
public static class TrendCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("PATH") { Description = "The repository (or a project folder inside one).", DefaultValueFactory = _ => "." };
        var commits = new Option<int>("--commits", "-n")
        {
            HelpName = "N",
            Description = $"Audit N commits spread evenly over first-parent history, oldest and newest included (default {TrendSelection.DefaultCommits}). " +
                          "With --since or --tags, at most N of those.",
            DefaultValueFactory = _ => TrendSelection.DefaultCommits,
        };
        var since = new Option<string?>("--since") { HelpName = "DATE", Description = "Only first-parent commits after DATE (YYYY-MM-DD)." };
        var tags = new Option<bool>("--tags") { Description = "One point per tag reachable from the revision (releases), instead of evenly spaced commits." };
        var revision = new Option<string>("--rev") { HelpName = "REF", Description = "The newest commit of the trend (default HEAD).", DefaultValueFactory = _ => "HEAD" };
        var format = new Option<string>("--format", "-f") { Description = $"Format for stdout or --output: {string.Join(", ", TrendReports.Formats)}.", DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong([.. TrendReports.Formats]);
        var output = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "Write the --format report to FILE instead of stdout.", DefaultValueFactory = _ => "-" };
        var reports = new Option<string[]>("--report")
        {
            HelpName = "FORMAT=FILE",
            Description = "Also write a report (json, html, markdown), e.g. --report html=trend.html. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var common = CommonOptions.Create();
        var depth = new Option<int?>("--history-depth") { HelpName = "N", Description = "At each point, read at most N commits back for history rules (slower: each point then reads its own history)." };
        var noHistory = new Option<bool>("--no-history") { Description = "Skip git history; history rules report 'unknown' at every point." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output on stderr." };
        var template = CommonOptions.Template("trend.html.hbs, trend.md.hbs");

        var command = new Command("trend",
            "Audit the repository as it was at several commits and show how the scorecard changed: a chart of the overall and category " +
            "scores, and the commits where rules flipped. Reads git objects only: no checkout, the work tree and HEAD stay untouched. " +
            "Every point is judged by the same rules (the current config), so points are comparable. Exit code 0, or 2 when it cannot run.")
        {
            path, commits, since, tags, revision, format, output, reports, common.Rules, common.NoBuiltin, common.Config, depth, noHistory, quiet, template,
        };

        command.SetAction(parse =>
        {
            var settings = new TrendSettings(
                parse.GetValue(path)!,
                parse.GetValue(format)!,
                parse.GetValue(output)!,
                CommonOptions.ParseReports(parse.GetValue(reports) ?? [], TrendReports.Formats),
                common.Sources(parse),
                new TrendSelection
                {
                    Commits = parse.GetValue(commits),
                    Since = parse.GetValue(since) is { } date ? ParseDate(date) : null,
                    Tags = parse.GetValue(tags),
                    Revision = parse.GetValue(revision)!,
                },
                parse.GetValue(depth),
                parse.GetValue(noHistory),
                parse.GetValue(quiet),
                parse.GetValue(template));
            return Run(settings, stdout, stderr);
        });
        return command;
    }

    public static int Run(TrendSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var folder = CommonOptions.RequireFolder(settings.Path);
        if (settings.Selection.Commits is < 1 or > 1000)
        {
            throw new UsageException("--commits must be between 1 and 1000");
        }

        if (settings.Selection.Tags && settings.Selection.Since is not null)
        {
            throw new UsageException("--tags and --since choose commits in different ways; give one of them");
        }

        if (settings.HistoryDepth is < 1)
        {
            throw new UsageException("--history-depth must be at least 1");
        }

        // A broken team template is found now, not after minutes of auditing.
        var formats = settings.Reports.Select(report => report.Format).Append(settings.Format);
        foreach (var format in formats)
        {
            TrendReports.Template(format, CommonOptions.RequireTemplateFolder(settings.TemplateFolder));
        }

        var progress = Terminal.Progress(stderr, settings.Quiet);
        TrendReport report;
        try
        {
            report = TrendAuditor.Run(folder, settings.Rules, new TrendOptions
            {
                Selection = settings.Selection,
                HistoryDepth = settings.HistoryDepth,
                NoHistory = settings.NoHistory,
                Progress = progress,
            });
        }
        catch (TrendUnavailableException ex)
        {
            throw new UsageException(ex.Message);
        }
        finally
        {
            Terminal.EndProgress(stderr, progress);
        }

        if (!settings.Quiet)
        {
            foreach (var note in report.Notes)
            {
                stderr.WriteLine($"repoaudit: note: {note}");
            }
        }

        foreach (var (reportFormat, file) in settings.Reports)
        {
            ScanCommand.Write(file, TrendReports.Render(reportFormat, report, settings.TemplateFolder), stdout);
            if (!settings.Quiet && file != "-")
            {
                stderr.WriteLine($"wrote {reportFormat} trend to {file}");
            }
        }

        ScanCommand.Write(settings.Output, TrendReports.Render(settings.Format, report, settings.TemplateFolder), stdout);
        return ExitCodes.GatePassed;
    }

    private static DateTimeOffset ParseDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new UsageException($"--since: '{text}' is not a date; use YYYY-MM-DD");
}
