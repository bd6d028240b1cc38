using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>`repoaudit portfolio` end to end: repositories audited in parallel, scans' JSON reports, trends, broken inputs.</summary>
public sealed class PortfolioCliTests
{
    private static JsonElement Portfolio(CliRun run)
    {
        run.ExitCode.ShouldBe(0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static string[] Names(JsonElement portfolio) =>
        portfolio.GetProperty("repositories").EnumerateArray().Select(repo => repo.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public void Repositories_AreRankedByScore_AndABrokenOneDoesNotStopTheOthers()
    {
        using var good = new GitRepo("good");
        TrendHistories.Story(good);
        good.Write("tests/test_train.py", "import train\n\ndef test_shape():\n    assert len(train.np.zeros(3)) == 3\n").Commit("Tests back");
        using var poor = new GitRepo("poor");
        poor.Write("notebook.py", "x = 1\n").Commit("just a script");
        using var broken = new GitRepo("broken");
        broken.Write(".repoaudit.yml", "rules:\n  NOPE001: { enabled: false }\n").Commit("a config naming a rule that does not exist");

        var portfolio = Portfolio(RepoAuditCli.Run(["portfolio", poor.Path, broken.Path, good.Path, "/nonexistent/repo", "--format", "json"], null));

        var repositories = portfolio.GetProperty("repositories").EnumerateArray().ToArray();
        repositories.Select(repo => repo.GetProperty("source").GetString()).ShouldBe([good.Path, poor.Path]);
        repositories[0].GetProperty("score").GetDouble().ShouldBeGreaterThan(repositories[1].GetProperty("score").GetDouble());
        repositories[1].GetProperty("failing").EnumerateArray().Select(id => id.GetString()).ShouldContain("TEST001");
        var problems = portfolio.GetProperty("broken").EnumerateArray().ToDictionary(b => b.GetProperty("source").GetString()!, b => b.GetProperty("problem").GetString()!);
        problems.Keys.ShouldBe([broken.Path, "/nonexistent/repo"], ignoreOrder: true);
        problems[broken.Path].ShouldContain("NOPE001");
        problems["/nonexistent/repo"].ShouldContain("does not exist");
        var failing = repositories.ToDictionary(repo => repo.GetProperty("name").GetString()!, repo => repo.GetProperty("failing").EnumerateArray().Select(id => id.GetString()).ToArray());
        var common = portfolio.GetProperty("commonFailures").EnumerateArray().ToArray();
        common.ShouldNotBeEmpty();
        foreach (var failure in common)
        {
            var id = failure.GetProperty("ruleId").GetString();
            failure.GetProperty("names").EnumerateArray().Select(name => name.GetString()!).ShouldBe(failing.Where(repo => repo.Value.Contains(id)).Select(repo => repo.Key), ignoreOrder: true);
            failure.GetProperty("repositories").GetInt32().ShouldBe(failure.GetProperty("names").GetArrayLength());
        }

        common.Select(failure => failure.GetProperty("repositories").GetInt32()).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public void JsonReportsFromScans_AListFile_AndATrend_MakeOnePortfolio_WithScorecardsBesideTheOverview()
    {
        using var work = new TempFolder("portfolio-json");
        using var first = new GitRepo("alpha");
        TrendHistories.Story(first);
        using var second = new GitRepo("beta");
        second.Write("README.md", "# Beta\n").Commit("readme");
        RepoAuditCli.Run("scan", first.Path, "--format", "json", "--output", Path.Combine(work.Path, "ci", "alpha.json")).ExitCode.ShouldBeOneOf(0, 1);
        RepoAuditCli.Run("scan", second.Path, "--format", "json", "--output", Path.Combine(work.Path, "ci", "beta.json")).ExitCode.ShouldBeOneOf(0, 1);
        RepoAuditCli.Run("trend", first.Path, "--format", "json", "--output", Path.Combine(work.Path, "ci", "alpha-trend.json")).ExitCode.ShouldBe(0);
        work.Write("ci/truncated.json", "{\"schemaVersion\": 1, \"tool\": {\"name\": \"repoaudit\"");
        work.Write("reports.txt", "# collected from CI\nci/alpha.json\nci/beta.json\n\nci/truncated.json\nci/alpha-trend.json\n");
        var overview = Path.Combine(work.Path, "site", "index.html");

        var run = RepoAuditCli.Run(["portfolio", Path.Combine(work.Path, "reports.txt"), "--format", "json", "--report", $"html={overview}", "--report", $"markdown={Path.Combine(work.Path, "site", "summary.md")}"], null);
        var portfolio = Portfolio(run);

        Names(portfolio).ShouldBe([Path.GetFileName(first.Path), Path.GetFileName(second.Path)], ignoreOrder: true);
        var alpha = portfolio.GetProperty("repositories").EnumerateArray().Single(repo => repo.GetProperty("name").GetString() == Path.GetFileName(first.Path));
        alpha.GetProperty("trend").GetArrayLength().ShouldBe(6);
        var scan = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.Path, "ci", "alpha.json"))).RootElement;
        alpha.GetProperty("score").GetDouble().ShouldBe(scan.GetProperty("score").GetDouble());
        portfolio.GetProperty("broken").EnumerateArray().Single().GetProperty("source").GetString().ShouldEndWith("truncated.json");
        run.Stderr.ShouldContain("truncated.json");

        var html = File.ReadAllText(overview);
        var card = alpha.GetProperty("scorecard").GetString()!;
        html.ShouldContain($"href=\"{card}\"");
        File.ReadAllText(Path.Combine(work.Path, "site", card)).ShouldContain("RepoAudit scorecard");
        html.ShouldContain("<path d=\"M", Case.Sensitive, "the trend sparkline");
        File.ReadAllText(Path.Combine(work.Path, "site", "summary.md")).ShouldContain("truncated.json");

        // One rule set judged both scans and the trend: the scan reports carry the hash the trend records, and they compare.
        var trend = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.Path, "ci", "alpha-trend.json"))).RootElement;
        scan.GetProperty("ruleSet").GetProperty("hash").GetString().ShouldBe(trend.GetProperty("ruleSet").GetProperty("hash").GetString());
        scan.GetProperty("ruleSet").GetProperty("rules").GetInt32().ShouldBe(scan.GetProperty("results").GetArrayLength());
        portfolio.GetProperty("comparable").GetBoolean().ShouldBeTrue();
        html.ShouldNotContain("Not comparable");
    }

    [Fact]
    public void ReportsJudgedByDifferentRuleSetsOrVersions_AreSaidNotToCompare_InEveryOverview()
    {
        using var work = new TempFolder("portfolio-rulesets");
        using var alpha = new GitRepo("alpha");
        alpha.Write("README.md", "# Alpha\n").Commit("readme");
        using var beta = new GitRepo("beta");
        beta.Write("README.md", "# Beta\n").Write(".repoaudit.yml", "rules:\n  DOC002: { severity: error }\n").Commit("readme, and a stricter DOC002");
        using var gamma = new GitRepo("gamma");
        gamma.Write("README.md", "# Gamma\n").Commit("readme");
        using var delta = new GitRepo("delta");
        delta.Write("README.md", "# Delta\n").Commit("readme");
        foreach (var repo in new[] { alpha, beta, gamma, delta })
        {
            RepoAuditCli.Run("scan", repo.Path, "--format", "json", "--output", Path.Combine(work.Path, Path.GetFileName(repo.Path) + ".json")).ExitCode.ShouldBeOneOf(0, 1);
        }

        // gamma's report as an older RepoAudit wrote it: another version, and no rule set recorded.
        var gammaFile = Path.Combine(work.Path, Path.GetFileName(gamma.Path) + ".json");
        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(gammaFile))!.AsObject();
        old["tool"]!["version"] = "0.0.9";
        old.Remove("ruleSet");
        File.WriteAllText(gammaFile, old.ToJsonString());
        var reports = new[] { alpha, beta, gamma, delta }.Select(repo => Path.Combine(work.Path, Path.GetFileName(repo.Path) + ".json")).ToArray();
        var markdown = Path.Combine(work.Path, "portfolio.md");
        var html = Path.Combine(work.Path, "portfolio.html");

        var run = RepoAuditCli.Run(["portfolio", .. reports, "--format", "json", "--report", $"markdown={markdown}", "--report", $"html={html}"], null);
        var portfolio = Portfolio(run);

        portfolio.GetProperty("comparable").GetBoolean().ShouldBeFalse();
        var groups = portfolio.GetProperty("incomparable").EnumerateArray()
            .Select(group => (Version: group.GetProperty("toolVersion").GetString(), Hash: group.GetProperty("ruleSet").GetString(),
                Names: group.GetProperty("repositories").EnumerateArray().Select(name => name.GetString()).ToArray()))
            .ToArray();
        groups.Length.ShouldBe(3);
        groups[0].Names.ShouldBe([Path.GetFileName(alpha.Path), Path.GetFileName(delta.Path)], ignoreOrder: true, "the largest group first");
        var older = groups.Single(group => group.Names.Contains(Path.GetFileName(gamma.Path)));
        (older.Version, older.Hash, older.Names.Length).ShouldBe(("0.0.9", null, 1));
        var betaHash = groups.Single(group => group.Names.Contains(Path.GetFileName(beta.Path))).Hash;
        betaHash.ShouldNotBeNull();
        betaHash.ShouldNotBe(groups[0].Hash);
        var rows = portfolio.GetProperty("repositories").EnumerateArray().ToDictionary(repo => repo.GetProperty("name").GetString()!);
        rows[Path.GetFileName(beta.Path)].GetProperty("ruleSet").GetString().ShouldBe(betaHash);
        rows[Path.GetFileName(gamma.Path)].GetProperty("toolVersion").GetString().ShouldBe("0.0.9");

        var summary = File.ReadAllText(markdown);
        summary.ShouldContain("**Not all scores compare:**");
        summary.ShouldContain("> **Not comparable:**");
        summary.ShouldContain($"> - repoaudit 0.0.9, rule set not recorded (a report from an older RepoAudit): {Path.GetFileName(gamma.Path)}");
        summary.ShouldContain($"rule set {betaHash}: {Path.GetFileName(beta.Path)}");
        var page = File.ReadAllText(html);
        page.ShouldContain("<b class=\"worse\">Not comparable:</b>");
        page.ShouldContain($"rule set {betaHash}: {Path.GetFileName(beta.Path)}");
        RepoAuditCli.Run(["portfolio", .. reports], null).Stdout.ShouldContain("not comparable: the none repositories were judged by 3 different rule sets or versions");
    }

    [Fact]
    public void Profiles_GroupTheRepositories_AndSetWhatGates()
    {
        using var prototype = new GitRepo("poc");
        prototype.Write(".repoaudit.yml", "profile: prototype\n").Write("train.py", "print(1)\n").Commit("a proof of concept");
        using var production = new GitRepo("service");
        production.Write(".repoaudit.yml", "profile: production\n").Write("train.py", "print(1)\n").Commit("the same, in production");

        var protoScan = RepoAuditCli.Run("scan", prototype.Path, "--format", "json");
        var prodScan = RepoAuditCli.Run("scan", production.Path, "--format", "json");

        protoScan.ExitCode.ShouldBe(0, "a prototype is gated only on secrets and large files");
        prodScan.ExitCode.ShouldBe(1, "production is held to every rule");
        var protoReport = JsonDocument.Parse(protoScan.Stdout).RootElement;
        protoReport.GetProperty("profile").GetString().ShouldBe("prototype");
        var severities = protoReport.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("ruleId").GetString()!, r => r.GetProperty("severity").GetString());
        severities["SEC001"].ShouldBe("error");
        severities["TEST001"].ShouldBe("info");

        var portfolio = Portfolio(RepoAuditCli.Run(["portfolio", prototype.Path, production.Path, "--format", "json"], null));
        portfolio.GetProperty("repositories").EnumerateArray().Select(repo => repo.GetProperty("profile").GetString()).ShouldBe(["prototype", "production"], ignoreOrder: true);
        var markdown = RepoAuditCli.Run(["portfolio", prototype.Path, production.Path, "--format", "markdown"], null).Stdout;
        markdown.IndexOf("### Profile: production", StringComparison.Ordinal).ShouldBeLessThan(markdown.IndexOf("### Profile: prototype", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownProfile_IsAConfigErrorWithItsLine()
    {
        using var repo = new GitRepo("bad-profile");
        repo.Write(".repoaudit.yml", "fail_on: error\nprofile: experimental\n").Commit("config");

        var run = RepoAuditCli.Run("scan", repo.Path);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain(".repoaudit.yml:2:");
        run.Stderr.ShouldContain("prototype, research, production");
    }

    [Fact]
    public void NothingAuditable_ExitsTwo()
    {
        var run = RepoAuditCli.Run("portfolio", "/nonexistent/a", "/nonexistent/b");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("no input could be audited");
    }
}
