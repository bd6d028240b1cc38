using RepoAudit.Core.Config;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Trend;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

public sealed class ProfileTests
{
    [Fact]
    public void EveryRuleAProfileNames_IsABuiltinRule_AndResearchDecidesEveryBuiltinRule()
    {
        var builtin = RuleLoader.LoadBuiltin().Select(rule => rule.Id).ToHashSet();

        foreach (var profile in Profile.All)
        {
            profile.Severities.Keys.ShouldAllBe(id => builtin.Contains(id), $"profile {profile.Name}");
        }

        Profile.Research.Severities.Keys.ShouldBe(builtin, ignoreOrder: true);
    }

    [Fact]
    public void ProfilesDoc_DescribesEveryProfile()
    {
        var doc = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "docs", "profiles.md"));

        foreach (var profile in Profile.All)
        {
            doc.ShouldContain($"## `{profile.Name}`");
        }

        foreach (var (id, severity) in Profile.Research.Severities)
        {
            doc.ShouldContain($"| {id} | {Severity(severity)} |", Case.Sensitive, $"the research column of {id}");
        }
    }

    private static string Severity(RepoAudit.Core.Model.Severity severity) => severity.ToString().ToLowerInvariant();

    [Theory]
    [InlineData("https://github.com/acme/churn.git", "https://github.com/acme/churn/commit/")]
    [InlineData("https://x-access-token:ghs_abc@github.com/acme/churn", "https://github.com/acme/churn/commit/")]
    [InlineData("git@github.com:acme/churn.git", "https://github.com/acme/churn/commit/")]
    [InlineData("ssh://git@gitlab.com/group/sub/model.git", "https://gitlab.com/group/sub/model/-/commit/")]
    [InlineData("https://gitlab.example.org/ml/churn.git", "https://gitlab.example.org/ml/churn/-/commit/")]
    [InlineData("https://bitbucket.org/ml/churn.git", null)]
    [InlineData("/srv/git/churn.git", null)]
    [InlineData("https://github.com/acme/churn\"><script>", null)]
    public void CommitLinks_OnlyForGithubAndGitlab(string remote, string? prefix) => ForgeUrl.CommitPrefix(remote).ShouldBe(prefix);

    [Fact]
    public void Sample_KeepsTheEnds_AndSpacesEvenly()
    {
        TrendCommits.Sample(Enumerable.Range(0, 101).ToArray(), 5).ShouldBe([0, 25, 50, 75, 100]);
        TrendCommits.Sample([1, 2, 3], 20).ShouldBe([1, 2, 3]);
        TrendCommits.Sample([1, 2, 3], 1).ShouldBe([3]);
    }
}
