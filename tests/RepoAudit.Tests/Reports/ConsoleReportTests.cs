using RepoAudit.Core.Reports;

namespace RepoAudit.Tests.Reports;

/// <summary>The one-line `fix:` of the console report.</summary>
public sealed class ConsoleReportTests
{
    [Fact]
    public void FixLine_DoesNotEndOnAColonWhoseCodeBlockItLeavesOut()
    {
        const string fix = "Seed every generator once, at the start of training,\nfrom a value in your configuration:\n\n```python\nrandom.seed(42)\n```\n";

        var line = ConsoleReport.FirstParagraph(fix, "REP001");

        line.ShouldBe("Seed every generator once, at the start of training, from a value in your configuration (see `repoaudit rules show REP001`).");
    }

    [Fact]
    public void FixLine_KeepsAParagraphThatStandsOnItsOwn()
    {
        ConsoleReport.FirstParagraph("Add a LICENSE file at the root.\n\nMore detail here.", "DOC002").ShouldBe("Add a LICENSE file at the root.");
        ConsoleReport.FirstParagraph("Ratio: 3:", "X001").ShouldBe("Ratio: 3:");
    }
}
