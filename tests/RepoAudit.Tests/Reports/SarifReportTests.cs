using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Reports;

public sealed class SarifReportTests
{
    [Theory]
    [InlineData("churn-classifier")]
    [InlineData("notebook-sprawl")]
    public void Sample_ProducesSarifThatValidatesAgainstTheOfficialSchema(string sample)
    {
        using var output = new TempFolder("sarif");
        using var repo = Samples.AsRepository(sample);
        var file = Path.Combine(output.Path, $"{sample}.sarif");

        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "sarif", "--output", file);

        run.ExitCode.ShouldBeOneOf(0, 1);
        Validate(file).ShouldBeEmpty();
    }

    [Fact]
    public void EveryRuleIsADescriptor_AndEveryFailureAResultWithALocation()
    {
        using var repo = Samples.AsRepository("notebook-sprawl");
        var sarifRun = RepoAuditCli.Run("scan", repo.Path, "--format", "sarif");
        var jsonRun = RepoAuditCli.Run("scan", repo.Path, "--format", "json");
        var run = JsonDocument.Parse(sarifRun.Stdout).RootElement.GetProperty("runs")[0];
        var results = JsonDocument.Parse(jsonRun.Stdout).RootElement.GetProperty("results").EnumerateArray().ToArray();

        var descriptors = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToArray();
        descriptors.Select(d => d.GetProperty("id").GetString()).ShouldBe(results.Select(r => r.GetProperty("ruleId").GetString()));
        descriptors.ShouldAllBe(d => d.GetProperty("helpUri").GetString()!.StartsWith("https://"));
        var failing = results.Where(r => r.GetProperty("outcome").GetString() == "fail").Select(r => r.GetProperty("ruleId").GetString()).ToArray();
        var sarifResults = run.GetProperty("results").EnumerateArray().ToArray();
        sarifResults.Select(r => r.GetProperty("ruleId").GetString()).ShouldBe(failing);
        foreach (var result in sarifResults)
        {
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            location.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldNotBeNullOrEmpty();
            location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBeGreaterThan(0);
        }

        var secret = sarifResults.Single(r => r.GetProperty("ruleId").GetString() == "SEC001");
        secret.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("config.py");
        secret.GetProperty("level").GetString().ShouldBe("error");
        sarifRun.Stdout.ShouldNotContain("AKIAQ3EXR7MP2LZW9HVD");
    }

    /// <summary>What the official SARIF 2.1.0 schema finds wrong with the file; empty when it is valid.</summary>
    internal static IReadOnlyList<string> Validate(string file) => Schemas.Errors(Schemas.Sarif, File.ReadAllText(file));

    [Fact]
    public void Validation_CatchesAnInvalidSarifFile()
    {
        Schemas.Errors(Schemas.Sarif, """{"version": "2.1.0", "runs": [{"tool": {}}]}""").ShouldNotBeEmpty();
    }
}
