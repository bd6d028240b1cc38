using System.Text.RegularExpressions;
using RepoAudit.Tests.Reports;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>
/// The trend and portfolio pages in headless Chromium, offline (no host name resolves, so any request would fail and
/// be logged). Screenshots land in `artifacts/team-lead/` for people to look at.
/// </summary>
public sealed class TeamLeadBrowserTests
{
    private static readonly string Artifacts = Path.Combine(Paths.RepositoryRoot, "artifacts", "team-lead");

    [BrowserFact]
    public void TrendPage_LoadsOffline_WithoutConsoleMessages_AndDrawsEveryPoint()
    {
        using var output = new TempFolder("trend-browser");
        var pages = TeamLeadPages.Trend(output);

        var (dom, log) = ScorecardBrowserTests.Chromium("--dump-dom", new Uri(pages.HtmlFile).AbsoluteUri);

        ScorecardBrowserTests.ConsoleMessages(log).ShouldBeEmpty("no script error, no request, no CSP violation");
        Regex.Matches(dom, "<circle").Count.ShouldBeGreaterThanOrEqualTo(7, "each of the 7 commits is a point of the overall line");
        dom.ShouldContain("href=\"https://github.com/acme/churn/commit/");
        dom.ShouldNotContain("<script", Case.Insensitive);
        dom.ShouldContain("&lt;/script&gt;&lt;script&gt;alert('commit')&lt;/script&gt;");
        Scorecards.AssertSelfContained(File.ReadAllText(pages.HtmlFile));
        Screenshot(pages.HtmlFile, "trend-desktop.png", "1280,1500");
        Screenshot(pages.HtmlFile, "trend-dark.png", "1280,1000", "--force-dark-mode");
    }

    [BrowserFact]
    public void PortfolioPage_LoadsOffline_WithoutConsoleMessages_AndLinksEachScorecard()
    {
        using var output = new TempFolder("portfolio-browser");
        var pages = TeamLeadPages.Portfolio(output);

        var (dom, log) = ScorecardBrowserTests.Chromium("--dump-dom", new Uri(pages.HtmlFile).AbsoluteUri);

        ScorecardBrowserTests.ConsoleMessages(log).ShouldBeEmpty("no script error, no request, no CSP violation");
        dom.ShouldContain("href=\"churn-classifier.scorecard.html\"");
        dom.ShouldContain("href=\"notebook-sprawl.scorecard.html\"");
        dom.ShouldContain("broken &lt;img src=x onerror=alert(1)&gt;.json");
        dom.ShouldNotContain("<img", Case.Insensitive);
        var (scorecard, scorecardLog) = ScorecardBrowserTests.Chromium("--dump-dom", new Uri(Path.Combine(output.Path, "notebook-sprawl.scorecard.html")).AbsoluteUri);
        ScorecardBrowserTests.ConsoleMessages(scorecardLog).ShouldBeEmpty();
        scorecard.ShouldContain("notebook-sprawl");
        Scorecards.AssertSelfContained(File.ReadAllText(pages.HtmlFile));
        Screenshot(pages.HtmlFile, "portfolio-desktop.png", "1280,1200");
        Screenshot(pages.HtmlFile, "portfolio-phone.png", "390,1400");
    }

    private static void Screenshot(string page, string name, string size, params string[] extra)
    {
        Directory.CreateDirectory(Artifacts);
        var file = Path.Combine(Artifacts, name);
        File.Delete(file);

        ScorecardBrowserTests.Chromium([.. extra, "--hide-scrollbars", $"--window-size={size}", $"--screenshot={file}", new Uri(page).AbsoluteUri]);

        new FileInfo(file).Length.ShouldBeGreaterThan(20_000, $"{name} should be a picture of the page");
    }
}
