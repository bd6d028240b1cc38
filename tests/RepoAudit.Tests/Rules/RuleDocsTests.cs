using RepoAudit.Core.Rules;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

public sealed class RuleDocsTests
{
    [Fact]
    public void GeneratedDocs_AreUpToDate()
    {
        var run = RepoAuditCli.Run("rules", "docs", Paths.RepositoryRoot, "--check");

        run.ExitCode.ShouldBe(0, $"run `dotnet run --project src/RepoAudit.Cli -- rules docs` and commit the result:\n{run.Stderr}");
    }

    [Fact]
    public void Page_HasEverySectionAndTheStamp()
    {
        var rule = RuleLoader.LoadBuiltin().Single(r => r.Id == "DATA003");

        var page = RuleDocs.Page(rule);

        page.ShouldStartWith(RuleDocs.Stamp);
        page.ShouldContain("## Why it matters");
        page.ShouldContain("## How to fix it");
        page.ShouldContain("max_blob_size: 10MB");
        page.ShouldContain("## References");
    }

    [Fact]
    public void Check_ReportsAStalePage()
    {
        using var copy = new TempFolder("docs");
        File.Copy(Path.Combine(Paths.RepositoryRoot, "README.md"), Path.Combine(copy.Path, "README.md"));
        RepoAuditCli.Run("rules", "docs", copy.Path).ExitCode.ShouldBe(0);
        RepoAuditCli.Run("rules", "docs", copy.Path, "--check").ExitCode.ShouldBe(0);
        File.AppendAllText(Path.Combine(copy.Path, "docs", "rules", "DATA003.md"), "hand edit\n");

        var run = RepoAuditCli.Run("rules", "docs", copy.Path, "--check");

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldContain("stale: docs/rules/DATA003.md");
    }
}
