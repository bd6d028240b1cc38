using RepoAudit.Tests.Reports;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>The trend and portfolio pages of fixed inputs, rendered with the frozen approval pack, for approval and browser tests.</summary>
internal static class TeamLeadPages
{
    public sealed record Rendered(string Html, string Markdown, string HtmlFile);

    private static string[] ApprovalRules => ["--no-builtin-rules", "--rules", Path.Combine(Scorecards.ApprovalPack, "rules")];

    /// <summary>The six-commit story plus a commit whose subject is an injection attempt, with a GitHub origin.</summary>
    public static Rendered Trend(TempFolder output)
    {
        using var repo = new GitRepo("trend-approval");
        TrendHistories.Story(repo);
        repo.Write("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n").Commit(Scorecards.HostileCommit);
        repo.Git("remote", "add", "origin", "git@github.com:acme/churn.git");
        var html = Path.Combine(output.Path, "trend.html");
        var markdown = Path.Combine(output.Path, "trend.md");
        var run = RepoAuditCli.Run(["trend", repo.Path, "--quiet", "--report", $"html={html}", "--report", $"markdown={markdown}", .. ApprovalRules], null);
        run.ExitCode.ShouldBe(0, run.Stderr);
        string Named(string text) => Scrub(text, repo.Path).Replace(Path.GetFileName(repo.Path), "churn", StringComparison.Ordinal);
        return new Rendered(Named(File.ReadAllText(html)), Named(File.ReadAllText(markdown)), html);
    }

    /// <summary>The two samples (one declared a prototype), a trend for one of them, and a truncated report.</summary>
    public static Rendered Portfolio(TempFolder output)
    {
        using var inputs = new TempFolder("portfolio-approval");
        var root = Path.Combine(inputs.Path, "inputs");
        Scorecards.Copy(Path.Combine(Paths.Samples, "churn-classifier"), Path.Combine(root, "churn-classifier"));
        Scorecards.Copy(Path.Combine(Paths.Samples, "notebook-sprawl"), Path.Combine(root, "notebook-sprawl"));
        File.WriteAllText(Path.Combine(root, "notebook-sprawl", ".repoaudit.yml"), "profile: prototype\n");
        File.WriteAllText(Path.Combine(root, "churn-trend.json"),
            """{"kind": "repoaudit-trend", "schemaVersion": 1, "repository": {"name": "churn-classifier"}, "points": [{"score": 40}, {"score": 55.5}, {"score": null}, {"score": 90}]}""");
        File.WriteAllText(Path.Combine(root, "broken <img src=x onerror=alert(1)>.json"), "{\"schemaVersion\": 1");
        var html = Path.Combine(output.Path, "index.html");
        var markdown = Path.Combine(output.Path, "portfolio.md");
        var run = RepoAuditCli.Run(["portfolio", Path.Combine(root, "churn-classifier"), Path.Combine(root, "notebook-sprawl"), Path.Combine(root, "churn-trend.json"),
            Path.Combine(root, "broken <img src=x onerror=alert(1)>.json"), "--quiet", "--report", $"html={html}", "--report", $"markdown={markdown}", .. ApprovalRules], null);
        run.ExitCode.ShouldBe(0, run.Stderr);
        return new Rendered(Scrub(File.ReadAllText(html), root), Scrub(File.ReadAllText(markdown), root), html);
    }

    private static string Scrub(string text, string root) =>
        Scorecards.Scrub(text.Replace(root, "[tmp]/" + Path.GetFileName(root), StringComparison.Ordinal), root);
}
