using System.Text.Json;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>`repoaudit trend` end to end, on real git repositories with a history in which practices come and go.</summary>
public sealed class TrendCliTests
{
    private static JsonElement Trend(GitRepo repo, params string[] extra)
    {
        var run = RepoAuditCli.Run(["trend", repo.Path, "--format", "json", .. extra], null);
        run.ExitCode.ShouldBe(0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static string Outcome(JsonElement point, string rule) => point.GetProperty("outcomes").GetProperty(rule).GetString()!;

    private static string[] Flips(JsonElement point) =>
        point.GetProperty("flips").EnumerateArray().Select(flip => $"{flip.GetProperty("ruleId").GetString()} {flip.GetProperty("from").GetString()}->{flip.GetProperty("to").GetString()}").ToArray();

    [Fact]
    public void Story_EveryCommitIsAPoint_WithTheFlipsWhereTheyHappened()
    {
        using var repo = new GitRepo("trend-story");
        var commits = TrendHistories.Story(repo);

        var run = RepoAuditCli.Run(["trend", repo.Path, "--format", "json", "--commits", "10"], null);
        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stderr.ShouldContain("only 6 commits");
        var points = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("points").EnumerateArray().ToArray();

        points.Select(point => point.GetProperty("commit").GetString()).ShouldBe(commits);
        points.Select(point => point.GetProperty("subject").GetString()).First().ShouldBe("A first script");
        Flips(points[0]).ShouldBeEmpty();
        Outcome(points[0], "TEST001").ShouldBe("fail");
        Flips(points[1]).ShouldContain("TEST001 fail->pass");
        Flips(points[2]).ShouldContain("CI001 fail->pass");
        Flips(points[2]).ShouldContain("CI002 fail->pass");
        // History rules see only the history up to each point: the model is not in the past of points 1-3.
        Outcome(points[2], "DATA003").ShouldBe("pass");
        Flips(points[3]).ShouldContain("DATA003 pass->fail");
        Outcome(points[4], "DATA003").ShouldBe("fail");
        Flips(points[4]).ShouldNotContain(flip => flip.StartsWith("DATA003", StringComparison.Ordinal));
        Flips(points[5]).ShouldContain("TEST001 pass->fail");
        points[5].GetProperty("score").GetDouble().ShouldBeLessThan(points[2].GetProperty("score").GetDouble());
        points.ShouldAllBe(point => point.GetProperty("grade").GetString() != null);
    }

    [Fact]
    public void LastPoint_AgreesWithAScanOfHead()
    {
        using var repo = new GitRepo("trend-head");
        TrendHistories.Story(repo);

        var last = Trend(repo, "--commits", "3").GetProperty("points").EnumerateArray().Last();
        var scan = JsonDocument.Parse(RepoAuditCli.Run("scan", repo.Path, "--format", "json").Stdout).RootElement;

        last.GetProperty("score").GetDouble().ShouldBe(scan.GetProperty("score").GetDouble());
        foreach (var result in scan.GetProperty("results").EnumerateArray())
        {
            Outcome(last, result.GetProperty("ruleId").GetString()!).ShouldBe(result.GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public void EveryPoint_AgreesWithAScanOfACloneAtThatCommit_ThoughFilesSeenBeforeAreNotSearchedAgain()
    {
        // Files stay the same across points (README.md, train.py), come back as they were (the tests), and move to
        // another path with the same content (train.py): what a rule found in a file is kept by blob id and path.
        using var repo = new GitRepo("trend-every-point");
        var commits = TrendHistories.Story(repo).ToList();
        commits.Add(repo.Write("tests/test_train.py", "import train\n\ndef test_shape():\n    assert len(train.np.zeros(3)) == 3\n").Commit("Tests back, as they were"));
        commits.Add(repo.Write("src/train.py", "import numpy as np\n\nprint(np.zeros(3))\n").Delete("train.py").Commit("The script moves to src/"));
        using var clones = new TempFolder("clones");

        var points = Trend(repo).GetProperty("points").EnumerateArray().ToArray();

        points.Select(point => point.GetProperty("commit").GetString()).ShouldBe(commits);
        foreach (var (point, index) in points.Select((point, index) => (point, index)))
        {
            var clone = Path.Combine(clones.Path, $"at-{index}");
            GitRepo.RunGit(clones.Path, ["clone", "-q", repo.Path, clone]);
            GitRepo.RunGit(clone, ["checkout", "-q", commits[index]]);
            var scan = JsonDocument.Parse(RepoAuditCli.Run("scan", clone, "--format", "json").Stdout).RootElement;
            foreach (var result in scan.GetProperty("results").EnumerateArray())
            {
                var rule = result.GetProperty("ruleId").GetString()!;
                Outcome(point, rule).ShouldBe(result.GetProperty("outcome").GetString(), $"{rule} at point {index}");
            }

            point.GetProperty("score").GetDouble().ShouldBe(scan.GetProperty("score").GetDouble(), $"point {index}");
        }
    }

    [Fact]
    public void Trend_LeavesTheWorkTreeIndexAndHeadUntouched()
    {
        using var repo = new GitRepo("trend-untouched");
        TrendHistories.Story(repo);
        repo.Write("notes.txt", "uncommitted work\n").Write("train.py", "print('edited, not committed')\n");
        // --no-optional-locks: a status of racily clean files would otherwise refresh the index itself, and this test
        // would see its own write.
        string State() => repo.Git("--no-optional-locks", "status", "--porcelain=v2", "--branch", "--untracked-files=all") + repo.Git("rev-parse", "HEAD") +
                          repo.Git("worktree", "list", "--porcelain") + repo.Git("stash", "list");
        var before = State();
        var indexTime = File.GetLastWriteTimeUtc(Path.Combine(repo.Path, ".git", "index"));
        var files = Directory.GetFileSystemEntries(repo.Path, "*", SearchOption.AllDirectories).Where(path => !path.Contains("/.git/", StringComparison.Ordinal)).Order().ToArray();

        Trend(repo, "--commits", "6");

        State().ShouldBe(before);
        File.GetLastWriteTimeUtc(Path.Combine(repo.Path, ".git", "index")).ShouldBe(indexTime);
        Directory.GetFileSystemEntries(repo.Path, "*", SearchOption.AllDirectories).Where(path => !path.Contains("/.git/", StringComparison.Ordinal)).Order().ShouldBe(files);
        File.ReadAllText(Path.Combine(repo.Path, "train.py")).ShouldBe("print('edited, not committed')\n");
    }

    [Fact]
    public void Commits_AreSampledEvenly_OldestAndNewestIncluded()
    {
        using var repo = new GitRepo("trend-sample");
        var commits = TrendHistories.Story(repo);

        var report = Trend(repo, "--commits", "3");

        report.GetProperty("points").EnumerateArray().Select(point => point.GetProperty("commit").GetString())
            .ShouldBe([commits[0], commits[3], commits[5]]);
        report.GetProperty("ruleSet").GetProperty("hash").GetString().ShouldStartWith("sha256:");
        report.GetProperty("tool").GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Tags_OnePointPerTag()
    {
        using var repo = new GitRepo("trend-tags");
        var commits = TrendHistories.Story(repo);
        repo.Git("tag", "v0.1", commits[1]);
        repo.Git("tag", "-a", "v0.2", "-m", "release 0.2", commits[4]);

        var points = Trend(repo, "--tags").GetProperty("points").EnumerateArray().ToArray();

        points.Select(point => point.GetProperty("tag").GetString()).ShouldBe(["v0.1", "v0.2"]);
        points[1].GetProperty("commit").GetString().ShouldBe(commits[4]);
        Flips(points[1]).ShouldContain("CI001 fail->pass");
    }

    [Fact]
    public void CommitLinks_ComeFromAGithubOrigin_WithoutCredentials()
    {
        using var repo = new GitRepo("trend-links");
        var commits = TrendHistories.Story(repo);
        repo.Git("remote", "add", "origin", "https://user:secret-token@github.com/acme/churn.git");

        var report = Trend(repo, "--commits", "2");

        report.GetProperty("points")[1].GetProperty("url").GetString().ShouldBe($"https://github.com/acme/churn/commit/{commits[5]}");
        report.GetRawText().ShouldNotContain("secret-token");
    }

    [Fact]
    public void ShallowClone_SaysHowManyCommitsAndHowToDeepen()
    {
        using var repo = new GitRepo("trend-shallow");
        TrendHistories.Story(repo);
        using var clone = repo.ShallowClone();

        var run = RepoAuditCli.Run(["trend", clone.Path, "--format", "json"], null);

        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stderr.ShouldContain("shallow clone: only 1 commit");
        run.Stderr.ShouldContain("git fetch --unshallow");
        var point = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("points").EnumerateArray().Single();
        Outcome(point, "DATA003").ShouldBe("unknown");
    }

    [Fact]
    public void NotARepository_OrNoCommits_ExitsTwoWithAMessage()
    {
        using var folder = new TempFolder("trend-plain");
        folder.Write("train.py", "print(1)\n");
        var plain = RepoAuditCli.Run("trend", folder.Path);
        plain.ExitCode.ShouldBe(2);
        plain.Stderr.ShouldContain("not in one");

        using var empty = new GitRepo("trend-empty");
        var none = RepoAuditCli.Run("trend", empty.Path);
        none.ExitCode.ShouldBe(2);
        none.Stderr.ShouldContain("no commits yet");
        none.Stderr.ShouldNotContain("   at ");
    }
}
