namespace RepoAudit.Tests.Reports;

/// <summary>
/// The rendered scorecards, approved by a person: the samples under the frozen approval pack, and a hostile repository.
/// On a mismatch Shouldly writes `Approved/*.received.*` beside the approved file; read it, and rename it to
/// `*.approved.*` when the change is intended.
/// </summary>
public sealed class ScorecardApprovalTests
{
    [Theory]
    [InlineData("churn-classifier")]
    [InlineData("notebook-sprawl")]
    public void Sample_HtmlScorecard_MatchesApproved(string sample)
    {
        var scan = Scorecards.ApprovalSample(sample);

        scan.Html.ShouldMatchApproved(c => c.WithDiscriminator(sample).WithFileExtension("html").SubFolder("Approved").NoDiff());
    }

    [Theory]
    [InlineData("churn-classifier")]
    [InlineData("notebook-sprawl")]
    public void Sample_MarkdownScorecard_MatchesApproved(string sample)
    {
        var scan = Scorecards.ApprovalSample(sample);

        scan.Markdown.ShouldMatchApproved(c => c.WithDiscriminator(sample).WithFileExtension("md").SubFolder("Approved").NoDiff());
    }

    [Fact]
    public void HostileRepository_HtmlScorecard_MatchesApproved()
    {
        var scan = Scorecards.HostileScan();

        scan.Html.ShouldMatchApproved(c => c.WithFileExtension("html").SubFolder("Approved").NoDiff());
    }

    [Fact]
    public void HostileRepository_MarkdownScorecard_MatchesApproved()
    {
        var scan = Scorecards.HostileScan();

        scan.Markdown.ShouldMatchApproved(c => c.WithFileExtension("md").SubFolder("Approved").NoDiff());
    }
}
