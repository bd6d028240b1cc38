using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.EndToEnd;

/// <summary>
/// The README promises a verdict for each sample: the well-kept project passes the gate, the neglected one fails it for
/// the reasons a reviewer would give. These tests keep that promise true as the rule pack changes.
/// </summary>
public sealed class SampleVerdictTests
{
    private static (CliRun Run, Dictionary<string, string> Outcomes) Scan(string sample)
    {
        using var repo = Samples.AsRepository(sample);
        var run = RepoAuditCli.Run("scan", repo.Path, "--format", "json");
        var outcomes = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(result => result.GetProperty("ruleId").GetString()!, result => result.GetProperty("outcome").GetString()!);
        return (run, outcomes);
    }

    [Fact]
    public void ChurnClassifier_PassesTheGate_WithNoFailingRule()
    {
        var (run, outcomes) = Scan("churn-classifier");

        run.ExitCode.ShouldBe(0, run.Stderr);
        outcomes.Where(pair => pair.Value != "pass" && pair.Value != "not_applicable").ShouldBeEmpty();
        // Only the monitoring rule may be not applicable: the sample trains and evaluates but does not serve a model.
        outcomes.Where(pair => pair.Value == "not_applicable").Select(pair => pair.Key).ShouldBe(["MON001"]);
    }

    [Fact]
    public void NotebookSprawl_FailsTheGate_ForTheReasonsAReviewerWouldGive()
    {
        var (run, outcomes) = Scan("notebook-sprawl");

        run.ExitCode.ShouldBe(1);
        string[] expectedFailures =
        [
            "SEC001",  // an AWS access key in config.py
            "REP004",  // the notebook is committed with outputs
            "REP003",  // torch>=2.0 and unpinned requirements, no lock file
            "REP001",  // training loop without a seed
            "DATA002", // torchvision download=True is not data versioning
            "DATA001", // trains on the whole dataset
            "GIT002",  // __pycache__ committed
            "TEST001", "CI001", "DOC001", "DOC002",
        ];
        foreach (var rule in expectedFailures)
        {
            outcomes[rule].ShouldBe("fail", $"{rule} on notebook-sprawl");
        }

        // It declares its dependencies (unpinned), so REP002 passes while REP003 fails: the two rules are distinct.
        outcomes["REP002"].ShouldBe("pass");
        // It serves nothing, so monitoring does not apply; it has code but no .gitignore entry for .env, so SEC002 fails.
        outcomes["MON001"].ShouldBe("not_applicable");
        outcomes["SEC002"].ShouldBe("fail");
    }
}
