using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RepoAudit.Core.Config;
using RepoAudit.Core.Model;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Results;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Scoring;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Reports;

/// <summary>
/// The HTML and Markdown scorecards with the real built-in pack (whatever rules it holds today), the size limit of the
/// Markdown report, and templates a team supplies with `--template`.
/// </summary>
public sealed partial class ScorecardReportTests
{
    [Theory]
    [InlineData("churn-classifier")]
    [InlineData("notebook-sprawl")]
    public void Sample_WithTheBuiltinPack_ShowsScoreEveryCategoryAndEveryRule(string sample)
    {
        using var repo = Samples.AsRepository(sample);

        var scan = Scorecards.Scan(repo.Path);

        var score = scan.Json.GetProperty("score").GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
        scan.Html.ShouldContain($"<text class=\"ring-score\" x=\"60\" y=\"62\">{score}</text>");
        scan.Markdown.ShouldContain($"scores {score}/100");
        foreach (var category in scan.Json.GetProperty("categories").EnumerateArray())
        {
            var (id, title) = (category.GetProperty("id").GetString(), category.GetProperty("title").GetString());
            scan.Html.ShouldContain($"<h2 id=\"cat-{id}-title\">{title}</h2>");
            scan.Markdown.ShouldContain($"| {title} |");
        }

        var results = scan.Json.GetProperty("results").EnumerateArray().ToArray();
        Regex.Matches(scan.Html, "<details class=\"rule ").Count.ShouldBe(results.Length);
        foreach (var result in results)
        {
            var id = result.GetProperty("ruleId").GetString()!;
            scan.Html.ShouldContain($"id=\"rule-{id}\"");
            scan.Markdown.ShouldContain($" {id} ");
        }

        Encoding.UTF8.GetByteCount(scan.Markdown).ShouldBeLessThanOrEqualTo(MarkdownScorecard.MaxBytes);
        Scorecards.AssertSelfContained(scan.Html);
    }

    [Fact]
    public void FailingRules_ComeFirst_PassingAndNotApplicableAreCollapsed()
    {
        using var repo = Samples.AsRepository("notebook-sprawl");

        var html = Scorecards.Scan(repo.Path).Html;

        html.ShouldContain("<input type=\"checkbox\" id=\"only-failing\" class=\"filter-input\">", Case.Sensitive, "the filter, which needs no script");
        var outcomes = RuleCard().Matches(html).Select(match => (Outcome: match.Groups["outcome"].Value, Open: match.Groups["open"].Success)).ToArray();
        outcomes.ShouldContain(card => card.Outcome == "pass");
        outcomes.Where(card => card.Outcome is "fail" or "error").ShouldAllBe(card => card.Open);
        outcomes.Where(card => card.Outcome is not ("fail" or "error")).ShouldAllBe(card => !card.Open);
        foreach (var section in html.Split("<section class=\"category").Skip(1))
        {
            var order = RuleCard().Matches(section).Select(match => match.Groups["outcome"].Value is "fail" or "error" ? 0 : 1).ToArray();
            order.ShouldBe(order.Order().ToArray(), "failing rules first in every category");
        }
    }

    [Fact]
    public void MarkdownOverTheLimit_ShowsLessEvidence_AndSaysHowMuchAndWhereTheFullReportIs()
    {
        var report = Synthetic(rules: 40, evidencePerRule: 200, message: "200 large files were committed");

        var markdown = ReportFormats.Render("markdown", report, new RenderSettings(FullReports: ["artifacts/audit.html"]));

        Encoding.UTF8.GetByteCount(markdown).ShouldBeLessThanOrEqualTo(MarkdownScorecard.MaxBytes);
        var shown = Regex.Matches(markdown, @"^- `data/shards/", RegexOptions.Multiline).Count;
        shown.ShouldBeLessThan(40 * 200);
        markdown.ShouldContain($"- … and {200 - (shown / 40)} more not shown here");
        markdown.ShouldContain($"> {(40 * 200) - shown} evidence items are not shown. The full report is in `artifacts/audit.html`.");
        Regex.Matches(markdown, "^#### ✗ BIG", RegexOptions.Multiline).Count.ShouldBe(40, "every failing rule is still listed");
    }

    [Fact]
    public void MarkdownOfAPathologicalReport_IsCutAtALine_AndStaysWellFormed()
    {
        var report = Synthetic(rules: 900, evidencePerRule: 3, message: new string('x', 400));

        var markdown = ReportFormats.Render("markdown", report, new RenderSettings());

        Encoding.UTF8.GetByteCount(markdown).ShouldBeLessThanOrEqualTo(MarkdownScorecard.MaxBytes);
        markdown.ShouldContain("This summary was cut short to fit GitHub's size limit; run `repoaudit scan --format html` for the full report.");
        Regex.Matches(markdown, "<details>").Count.ShouldBe(Regex.Matches(markdown, "</details>").Count);
        (Regex.Matches(markdown, "^```", RegexOptions.Multiline).Count % 2).ShouldBe(0);
    }

    [Fact]
    public void TemplateFolder_ReplacesTheTemplatesItHolds_AndKeepsTheRest()
    {
        using var templates = new TempFolder("templates");
        templates.Write("partials/html/style.hbs", "body { background: #123456; }");
        templates.Write("scorecard.md.hbs", "Team summary: {{score.value}} ({{score.grade}}) for {{repository.name}}, gate {{gate.label}}\n");
        using var repo = Samples.AsRepository("churn-classifier");

        var scan = Scorecards.Scan(repo.Path, "--no-builtin-rules", "--rules", Path.Combine(Scorecards.ApprovalPack, "rules"), "--template", templates.Path);

        scan.Html.ShouldContain("body { background: #123456; }");
        scan.Html.ShouldNotContain("--poor:");
        scan.Html.ShouldContain($"<h1>{Path.GetFileName(repo.Path)}</h1>", Case.Sensitive, "the page itself still comes from the built-in template");
        scan.Markdown.ShouldBe($"Team summary: 100.0 (A) for {Path.GetFileName(repo.Path)}, gate passed\n");
    }

    [Fact]
    public void TemplateFolderThatDoesNotExist_IsAUsageError()
    {
        using var repo = Samples.AsRepository("churn-classifier");

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "html", "--template", Path.Combine(repo.Path, "no-such-folder"));

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("--template");
        run.Stderr.ShouldContain("does not exist");
    }

    [Theory]
    [InlineData("{{#if gate.passed}}unclosed", "scorecard.md.hbs", "does not compile")]
    [InlineData("{{scroe.value}}", "scorecard.md.hbs", "could not be rendered")]
    [InlineData("{{> no-such-partial}}", "scorecard.md.hbs", "no-such-partial")]
    public void BrokenTeamTemplate_FailsWithExitCode2_NamingTheTemplate(string template, string file, string problem)
    {
        using var templates = new TempFolder("templates");
        templates.Write(file, template);
        using var repo = Samples.AsRepository("churn-classifier");

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "markdown", "--template", templates.Path);

        run.ExitCode.ShouldBe(2, run.Stderr);
        run.Stderr.ShouldContain(file);
        run.Stderr.ShouldContain(problem);
        run.Stderr.ShouldNotContain("internal error");
    }

    private static AuditReport Synthetic(int rules, int evidencePerRule, string message)
    {
        var results = Enumerable.Range(1, rules).Select(i =>
        {
            var id = $"BIG{i:000}";
            var rule = RuleLoader.Parse($"{id}.yml", TestRules.Rule(id: id, name: $"big-{i}"), "team").Info with { Category = "data" };
            var evidence = Enumerable.Range(1, evidencePerRule)
                .Select(n => new Evidence($"data/shards/part-{n:00000}.parquet", null, "0123456789abcdef0123456789abcdef01234567", $"{n}.5 MB, added in 0123456789ab and never deleted"))
                .ToArray();
            return new RuleResult(rule, Severity.Warning, 2, Outcome.Fail, message, evidence);
        }).ToArray();
        var scorecard = Scorecard.From(results);
        return new AuditReport(
            ToolInfo.Current,
            new RepositoryInfo("/work/big", "0123456789abcdef0123456789abcdef01234567", "main", false, false, true, false),
            DateTimeOffset.UnixEpoch,
            1234,
            scorecard,
            GateResult.Evaluate(results, scorecard.Score, FailOn.Default, null),
            results,
            [],
            null);
    }

    [GeneratedRegex("<details class=\"rule outcome-(?<outcome>[a-z-]+)[^\"]*\" id=\"rule-[A-Z0-9]+\"(?<open> open)?>")]
    private static partial Regex RuleCard();
}
