using System.Text.Json.Nodes;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Reports;

/// <summary>The JSON report keeps the contract it publishes in docs/report.schema.json.</summary>
public sealed class JsonReportSchemaTests
{
    public static TheoryData<string> SampleNames() => new(Directory.EnumerateDirectories(Paths.Samples).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EverySamplesReport_MatchesThePublishedSchema(string sample)
    {
        using var repo = Samples.AsRepository(sample);

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "json");

        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        Schemas.Errors(Schemas.Report, run.Stdout).ShouldBeEmpty();
    }

    [Fact]
    public void ABaselineReport_MatchesThePublishedSchema()
    {
        using var repo = Samples.AsRepository("notebook-sprawl");
        repo.Write("extra.py", "print('change')\n").Commit("a change");

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "json", "--baseline", "HEAD~1");

        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        JsonNode.Parse(run.Stdout)!["baseline"].ShouldNotBeNull();
        Schemas.Errors(Schemas.Report, run.Stdout).ShouldBeEmpty();
    }

    [Fact]
    public void TheSchema_RefusesAReportThatBreaksTheContract()
    {
        using var repo = Samples.AsRepository("churn-classifier");
        var report = JsonNode.Parse(RepoAuditCli.Run("scan", repo.Path, "--format", "json").Stdout)!.AsObject();
        report["results"]![0]!["outcome"] = "passed";
        report.Remove("gate");

        Schemas.Errors(Schemas.Report, report.ToJsonString()).Count.ShouldBe(2);
    }
}
