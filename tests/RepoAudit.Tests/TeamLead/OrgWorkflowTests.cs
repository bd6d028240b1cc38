using System.Diagnostics;
using RepoAudit.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Tests.TeamLead;

/// <summary>
/// docs/workflows/org-portfolio.yml: one job per repository uploads its scan's JSON report; the last job runs
/// `repoaudit portfolio` over all of them. (Its schema is validated with the other workflows in Action/.) Here its last
/// step runs locally, unchanged, on reports laid out as actions/download-artifact lays them out.
/// </summary>
public sealed class OrgWorkflowTests
{
    private static readonly string Workflow = Path.Combine(Paths.RepositoryRoot, "docs", "workflows", "org-portfolio.yml");

    private static YamlMappingNode Job(string name)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Workflow)));
        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"])[name];
    }

    private static YamlMappingNode Step(YamlMappingNode job, string id) =>
        ((YamlSequenceNode)job["steps"]).Children.OfType<YamlMappingNode>().Single(step => step.Children.TryGetValue("id", out var value) && value.ToString() == id);

    [Fact]
    public void AuditJobs_FanOutOverTheRepositories_AndUploadOneJsonReportEach()
    {
        var audit = Job("audit");
        ((YamlMappingNode)((YamlMappingNode)audit["strategy"])["matrix"])["repository"].ToString().ShouldBe("${{ fromJSON(inputs.repositories) }}");
        var steps = ((YamlSequenceNode)audit["steps"]).Children.OfType<YamlMappingNode>().ToArray();
        steps.Select(step => step["uses"].ToString()).ShouldBe(["actions/checkout@v4", "repoaudit/repoaudit@v1", "actions/upload-artifact@v4"]);
        ((YamlMappingNode)steps[1]["with"])["json-file"].ToString().ShouldBe("repoaudit.json");
        ((YamlMappingNode)steps[2]["with"])["path"].ToString().ShouldBe("repoaudit.json");
        var portfolio = Job("portfolio");
        portfolio["needs"].ToString().ShouldBe("audit");
        portfolio["if"].ToString().ShouldContain("!cancelled()", Case.Sensitive, "a repository that failed to audit must not hide the others");
    }

    [Fact]
    public void LastStep_RunsLocally_OnReportsFromSeveralScans()
    {
        using var work = new TempFolder("org-workflow");
        using var alpha = new GitRepo("alpha");
        TrendHistories.Story(alpha);
        using var beta = new GitRepo("beta");
        beta.Write("README.md", "# Beta\n").Write("train.py", "print(1)\n").Commit("first");
        using var gamma = new GitRepo("gamma");
        gamma.Write(".repoaudit.yml", "profile: research\n").Write("train.py", "import random\nrandom.seed(0)\n").Commit("first");
        var repos = new[] { alpha, beta, gamma };
        for (var i = 0; i < repos.Length; i++)
        {
            var scan = RepoAuditCli.Run("scan", repos[i].Path, "--format", "json", "--fail-on", "never", "--output", Path.Combine(work.Path, "reports", $"repoaudit-{i}", "repoaudit.json"));
            scan.ExitCode.ShouldBe(0, scan.Stderr);
        }

        var summary = work.Write("step-summary.md", "");
        var run = RunStep(Step(Job("portfolio"), "portfolio"), work.Path, summary);

        run.ExitCode.ShouldBe(0, run.Output);
        var markdown = File.ReadAllText(summary);
        foreach (var repo in repos)
        {
            markdown.ShouldContain(Path.GetFileName(repo.Path));
            File.Exists(Path.Combine(work.Path, "portfolio", Path.GetFileName(repo.Path) + ".scorecard.html")).ShouldBeTrue();
        }

        markdown.ShouldContain("### Profile: research");
        File.ReadAllText(Path.Combine(work.Path, "portfolio", "index.html")).ShouldContain("3 repositories");
        File.Exists(Path.Combine(work.Path, "portfolio", "portfolio.json")).ShouldBeTrue();
    }

    /// <summary>Runs a step's script with bash as the runner would, with the built CLI in place of `dotnet run`.</summary>
    private static (int ExitCode, string Output) RunStep(YamlMappingNode step, string workspace, string summary)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = workspace, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-eo");
        info.ArgumentList.Add("pipefail");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(step["run"].ToString());
        info.Environment["REPOAUDIT"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "repoaudit.dll")}";
        info.Environment["GITHUB_STEP_SUMMARY"] = summary;
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
