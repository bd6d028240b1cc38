using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>
/// The trend and portfolio pages, approved by a person (see ScorecardApprovalTests for how to approve a change).
/// Git commits in these tests have fixed dates and authors, so their ids are stable.
/// </summary>
public sealed class TeamLeadApprovalTests
{
    [Fact]
    public void Trend_HtmlAndMarkdown_MatchApproved()
    {
        using var output = new TempFolder("trend-pages");
        var pages = TeamLeadPages.Trend(output);

        pages.Html.ShouldMatchApproved(c => c.WithDiscriminator("trend").WithFileExtension("html").SubFolder("Approved").NoDiff());
        pages.Markdown.ShouldMatchApproved(c => c.WithDiscriminator("trend").WithFileExtension("md").SubFolder("Approved").NoDiff());
    }

    [Fact]
    public void Portfolio_HtmlAndMarkdown_MatchApproved()
    {
        using var output = new TempFolder("portfolio-pages");
        var pages = TeamLeadPages.Portfolio(output);

        pages.Html.ShouldMatchApproved(c => c.WithDiscriminator("portfolio").WithFileExtension("html").SubFolder("Approved").NoDiff());
        pages.Markdown.ShouldMatchApproved(c => c.WithDiscriminator("portfolio").WithFileExtension("md").SubFolder("Approved").NoDiff());
    }
}
