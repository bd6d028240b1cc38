using RepoAudit.Core.Config;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Config;

public sealed class AuditConfigTests
{
    [Fact]
    public void FullConfig_Parses()
    {
        var config = AuditConfig.Parse(".repoaudit.yml", """
            rules:
              DOC002: { severity: info, weight: 5 }
              CI001: { enabled: false }
              DATA003: { options: { max_blob_size: 50MB } }
              DOC001: { suppress: "docs live in the wiki", until: 2027-06-30 }
            packs: [ .repoaudit/rules ]
            fail_on: warning
            min_score: 70
            history: { depth: 5000 }
            exclude: [ "third_party/**" ]
            """);

        config.Rules["DOC002"].Severity.ShouldBe(Severity.Info);
        config.Rules["DOC002"].Weight.ShouldBe(5);
        config.Rules["CI001"].Enabled.ShouldBe(false);
        config.Rules["DATA003"].Options["max_blob_size"].Value.Scalar.ShouldBe("50MB");
        config.Rules["DOC001"].Suppression.ShouldBe(new Suppression("docs live in the wiki", new DateOnly(2027, 6, 30)));
        config.FailOn!.Threshold.ShouldBe(Severity.Warning);
        config.MinScore.ShouldBe(70);
        config.HistoryDepth.ShouldBe(5000);
        config.Exclude.ShouldBe(["third_party/**"]);
        config.Packs.ShouldBe([".repoaudit/rules"]);
    }

    [Theory]
    [InlineData("colour: blue\n", "unknown key 'colour'")]
    [InlineData("fail_on: sometimes\n", "'fail_on' must be error, warning, info or never")]
    [InlineData("min_score: 140\n", "between 0 and 100")]
    [InlineData("rules:\n  DOC001: { supress: x }\n", "unknown key 'supress'")]
    [InlineData("rules:\n  DOC001: { suppress: true }\n", "needs the reason")]
    [InlineData("rules:\n  DOC001: { suppress: x, until: soon }\n", "'until' must be a date")]
    [InlineData("packs: [ ../elsewhere ]\n", "inside the repository")]
    [InlineData("exclude: [ /abs/** ]\n", "absolute path")]
    [InlineData("history: { depth: 0 }\n", "'history.depth' must be between")]
    public void BadConfig_NamesTheProblemAndLine(string yaml, string expected)
    {
        var error = Should.Throw<LoadException>(() => AuditConfig.Parse("cfg.yml", yaml));

        error.Problem.ShouldContain(expected);
        error.Message.ShouldStartWith("cfg.yml:");
        error.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void UnknownRuleId_IsAnErrorThatSuggestsTheRightCase()
    {
        using var repo = new TempFolder("cfg");
        repo.Write(".repoaudit.yml", "rules:\n  doc001: { severity: info }\n");

        var error = Should.Throw<LoadException>(() => AuditPlan.Load(new RuleSources(), repo.Path));

        error.Problem.ShouldContain("unknown rule id 'doc001'");
        error.Problem.ShouldContain("did you mean DOC001");
        error.Line.ShouldBe(2);
    }

    [Fact]
    public void UnknownOption_IsAnErrorNamingTheRulesOptions()
    {
        using var repo = new TempFolder("cfg");
        repo.Write(".repoaudit.yml", "rules:\n  DATA003: { options: { max_size: 1MB } }\n");

        Should.Throw<LoadException>(() => AuditPlan.Load(new RuleSources(), repo.Path))
            .Problem.ShouldContain("has no option 'max_size'");
    }

    [Fact]
    public void OptionOverrideThatBreaksTheRule_IsAConfigError()
    {
        using var repo = new TempFolder("cfg");
        repo.Write(".repoaudit.yml", "rules:\n  DATA003: { options: { max_blob_size: huge } }\n");

        var error = Should.Throw<LoadException>(() => AuditPlan.Load(new RuleSources(), repo.Path));

        error.File.ShouldEndWith(".repoaudit.yml");
        error.Problem.ShouldContain("must be a size");
    }

    [Fact]
    public void Overrides_ChangeSeverityWeightAndEnablement()
    {
        using var repo = new TempFolder("cfg");
        repo.Write(".repoaudit.yml", "rules:\n  DOC002: { severity: error, weight: 7 }\n  CI001: { enabled: false }\n");

        var plan = AuditPlan.Load(new RuleSources(), repo.Path);

        var doc002 = plan.Rules.Single(rule => rule.Rule.Id == "DOC002");
        doc002.Severity.ShouldBe(Severity.Error);
        doc002.Weight.ShouldBe(7);
        plan.EnabledRules.ShouldNotContain(rule => rule.Rule.Id == "CI001");
    }

    [Fact]
    public void EmptyConfig_IsFine()
    {
        AuditConfig.Parse("cfg.yml", "").Rules.ShouldBeEmpty();
        AuditConfig.Parse("cfg.yml", "# only comments\n").Rules.ShouldBeEmpty();
    }
}
