using System.CommandLine;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Portfolio;
using RepoAudit.Core.Reports;

namespace RepoAudit.Cli.Commands;

/// <summary>The options of one `repoaudit portfolio`, immutable once parsed.</summary>
public sealed record PortfolioSettings(
    IReadOnlyList<string> Inputs,
    string Format,
    string Output,
    IReadOnlyList<(string Format, string File)> Reports,
    RuleSources Rules,
    int? HistoryDepth,
    bool NoHistory,
    bool Quiet,
    string? TemplateFolder = null);

/// <summary>`repoaudit portfolio INPUT...`: many repositories side by side, from fresh audits or from scans' JSON reports.</summary>
public static class PortfolioCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Repository folders (audited in parallel), JSON reports written by `repoaudit scan` (e.g. collected from CI jobs), " +
                          "JSON trends written by `repoaudit trend` (drawn as sparklines), or text files that list such inputs one per line.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format", "-f") { Description = $"Format for stdout or --output: {string.Join(", ", PortfolioReports.Formats)}.", DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong([.. PortfolioReports.Formats]);
        var output = new Option<string>("--output", "-o") { HelpName = "FILE", Description = "Write the --format report to FILE instead of stdout.", DefaultValueFactory = _ => "-" };
        var reports = new Option<string[]>("--report")
        {
            HelpName = "FORMAT=FILE",
            Description = "Also write an overview (json, html, markdown), e.g. --report html=portfolio/index.html. Beside an HTML overview, each " +
                          "repository's own scorecard is written as NAME.scorecard.html and linked from its row. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var common = CommonOptions.Create();
        var depth = new Option<int?>("--history-depth") { HelpName = "N", Description = "Read at most N commits of history per repository." };
        var noHistory = new Option<bool>("--no-history") { Description = "Skip git history; history rules report 'unknown'." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output on stderr." };
        var template = CommonOptions.Template("portfolio.html.hbs, portfolio.md.hbs, and scorecard.html.hbs for each repository's scorecard");

        var command = new Command("portfolio",
            "Compare many repositories: a repositories x categories heat map sorted by score and grouped by profile, the most common failing " +
            "rules, and each repository's trend when given. An input that is missing or broken is listed in the overview and does not stop " +
            "the others. Exit code 0 when the overview was written, 2 when no input could be audited.")
        {
            inputs, format, output, reports, common.Rules, common.NoBuiltin, common.Config, depth, noHistory, quiet, template,
        };

        command.SetAction(parse => Run(new PortfolioSettings(
            parse.GetValue(inputs) ?? [],
            parse.GetValue(format)!,
            parse.GetValue(output)!,
            CommonOptions.ParseReports(parse.GetValue(reports) ?? [], PortfolioReports.Formats),
            common.Sources(parse),
            parse.GetValue(depth),
            parse.GetValue(noHistory),
            parse.GetValue(quiet),
            parse.GetValue(template)), stdout, stderr));
        return command;
    }

    public static int Run(PortfolioSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (settings.HistoryDepth is < 1)
        {
            throw new UsageException("--history-depth must be at least 1");
        }

        // A broken team template is found now, not after every repository was audited.
        var targets = settings.Reports.Append((Format: settings.Format, File: settings.Output)).ToArray();
        var templates = CommonOptions.RequireTemplateFolder(settings.TemplateFolder);
        foreach (var (format, _) in targets)
        {
            PortfolioReports.Template(format, templates);
        }

        if (targets.Any(target => target.Format == "html" && target.File != "-"))
        {
            // Each repository's scorecard, written beside the HTML overview.
            ScorecardTemplate.Html(templates);
        }

        var progress = Terminal.Progress(stderr, settings.Quiet);
        var report = PortfolioAuditor.Run(settings.Inputs, settings.Rules, new PortfolioOptions
        {
            HistoryDepth = settings.HistoryDepth,
            NoHistory = settings.NoHistory,
            Progress = progress,
        });
        Terminal.EndProgress(stderr, progress);
        foreach (var broken in report.Broken)
        {
            stderr.WriteLine($"repoaudit: could not audit {broken.Source}: {broken.Problem}");
        }

        if (report.Entries.Count == 0)
        {
            throw new UsageException("no input could be audited, so there is no portfolio to show");
        }

        Func<PortfolioEntry, string?>? links = null;
        if (targets.FirstOrDefault(target => target.Format == "html" && target.File != "-") is { File: { } overview })
        {
            // Each repository's own scorecard goes beside the HTML overview, so its links work wherever the folder is copied.
            var folder = Path.GetDirectoryName(Path.GetFullPath(overview))!;
            foreach (var entry in report.Entries)
            {
                ScanCommand.Write(Path.Combine(folder, PortfolioReports.ScorecardFile(entry)), HtmlScorecard.Render(entry.Report, new RenderSettings(TemplateFolder: templates)), stdout);
            }

            links = PortfolioReports.ScorecardFile;
        }

        foreach (var (reportFormat, file) in targets)
        {
            ScanCommand.Write(file, PortfolioReports.Render(reportFormat, report, links, templates), stdout);
            if (!settings.Quiet && file != "-")
            {
                stderr.WriteLine($"wrote {reportFormat} portfolio to {file}");
            }
        }

        return ExitCodes.GatePassed;
    }
}
