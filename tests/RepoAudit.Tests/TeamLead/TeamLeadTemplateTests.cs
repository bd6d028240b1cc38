using RepoAudit.Tests.Reports;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>`--template DIR` on trend and portfolio: the same override, file by file, that scan has.</summary>
public sealed class TeamLeadTemplateTests
{
    private static string[] ApprovalRules => ["--no-builtin-rules", "--rules", Path.Combine(Scorecards.ApprovalPack, "rules")];

    [Fact]
    public void Trend_RendersWithTheTeamsTemplates_AndTheBuiltInOnesForTheRest()
    {
        using var templates = new TempFolder("templates");
        templates.Write("partials/html/page-style.hbs", "body { background: #123456; }");
        templates.Write("trend.md.hbs", "Team trend of {{name}}:{{#each points}} {{shortSha}}={{score}}{{/each}}\n");
        using var repo = new GitRepo("templated-trend");
        TrendHistories.Story(repo);
        using var output = new TempFolder("out");
        var html = Path.Combine(output.Path, "trend.html");

        var run = RepoAuditCli.Run(["trend", repo.Path, "--quiet", "--template", templates.Path, "--report", $"html={html}", "--format", "markdown", .. ApprovalRules], null);

        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stdout.ShouldStartWith($"Team trend of {Path.GetFileName(repo.Path)}: ");
        run.Stdout.Split(' ').Count(word => word.Contains('=', StringComparison.Ordinal)).ShouldBe(6, "one per point of the six-commit story");
        var page = File.ReadAllText(html);
        page.ShouldContain("body { background: #123456; }");
        page.ShouldNotContain("--fair-ink:", Case.Sensitive, "the built-in page style is replaced");
        page.ShouldContain("<svg", Case.Sensitive, "the page itself still comes from the built-in template");
    }

    [Fact]
    public void Portfolio_RendersTheOverviewAndEachScorecard_WithTheTeamsTemplates()
    {
        using var templates = new TempFolder("templates");
        templates.Write("partials/html/page-style.hbs", "body { background: #123456; }");
        templates.Write("partials/html/style.hbs", "body { background: #654321; }");
        templates.Write("portfolio.md.hbs", "Team portfolio:{{#each groups}}{{#each rows}} {{name}}={{score.text}}{{/each}}{{/each}}\n");
        using var repo = Samples.AsRepository("churn-classifier");
        using var output = new TempFolder("out");
        var overview = Path.Combine(output.Path, "index.html");

        var run = RepoAuditCli.Run(["portfolio", repo.Path, "--quiet", "--template", templates.Path, "--report", $"html={overview}", "--format", "markdown", .. ApprovalRules], null);

        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stdout.ShouldBe($"Team portfolio: {Path.GetFileName(repo.Path)}=100\n");
        File.ReadAllText(overview).ShouldContain("body { background: #123456; }");
        var scorecard = Directory.GetFiles(output.Path, "*.scorecard.html").ShouldHaveSingleItem();
        File.ReadAllText(scorecard).ShouldContain("body { background: #654321; }");
    }

    [Theory]
    [InlineData("trend", "trend.html.hbs", "<p>\n<ul>\n  {{shortSha", ":3:12:", "Reached end of template before the expression was closed")]
    [InlineData("trend", "partials/html/page-style.hbs", "body {}\n{{#if x}}{{/each}}", ":0:0:", "partial template does not compile")]
    [InlineData("portfolio", "portfolio.html.hbs", "{{#if x}}\n{{else}}{{else}}{{/if}}", ":0:0:", "does not compile")]
    [InlineData("portfolio", "scorecard.html.hbs", "{{> no-such-partial}}", ":0:0:", "no-such-partial")]
    public void BrokenTeamTemplate_ExitsTwo_NamingItsFileAndWhereHandlebarsSaysItIs(string command, string file, string template, string where, string problem)
    {
        using var templates = new TempFolder("templates");
        templates.Write(file, template);
        using var repo = new GitRepo("broken-template");
        TrendHistories.Story(repo);
        using var output = new TempFolder("out");
        var html = Path.Combine(output.Path, "page.html");

        var run = RepoAuditCli.Run([command, repo.Path, "--quiet", "--template", templates.Path, "--report", $"html={html}", .. ApprovalRules], null);

        run.ExitCode.ShouldBe(2, run.Stderr);
        run.Stderr.ShouldContain(Path.Combine(templates.Path, file) + where);
        run.Stderr.ShouldContain(problem);
        run.Stderr.ShouldNotContain("internal error");
        run.Stderr.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("trend")]
    [InlineData("portfolio")]
    public void TemplateFolderThatDoesNotExist_IsAUsageError(string command)
    {
        using var repo = new GitRepo("no-template");
        TrendHistories.Story(repo);

        var run = RepoAuditCli.Run([command, repo.Path, "--template", Path.Combine(repo.Path, "no-such-folder")], null);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("--template: ");
        run.Stderr.ShouldContain("does not exist");
    }
}
