using RepoAudit.Core.Config;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Scoring;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Scoring;

public sealed class ScorecardTests
{
    private static RuleResult Result(string id, string category, Severity severity, Outcome outcome, int? weight = null)
    {
        var rule = RuleLoader.Parse("t.yml", TestRules.Rule(id: id, name: id.ToLowerInvariant()), "t").Info with { Category = category };
        return new RuleResult(rule, severity, weight ?? severity.DefaultWeight(), outcome, "m", []);
    }

    [Fact]
    public void Score_IsWeightedOverPassAndFailOnly()
    {
        var results = new[]
        {
            Result("AAA001", "data", Severity.Error, Outcome.Pass),       // 3 of 3
            Result("AAA002", "data", Severity.Warning, Outcome.Fail),     // 0 of 2
            Result("AAA003", "ci", Severity.Info, Outcome.Pass),          // 1 of 1
            Result("AAA004", "ci", Severity.Error, Outcome.Unknown),
            Result("AAA005", "ci", Severity.Error, Outcome.NotApplicable),
            Result("AAA006", "ci", Severity.Error, Outcome.Error),
            Result("AAA007", "ci", Severity.Error, Outcome.Suppressed),
        };

        var card = Scorecard.From(results);

        card.Score.ShouldBe(66.7);
        card.Grade.ShouldBe("D");
        card.Categories.Select(c => c.Id).ShouldBe(["data", "ci"]);
        card.Categories[0].Score.ShouldBe(60);
        card.Categories[1].Score.ShouldBe(100);
        card.Categories[1].Unknown.ShouldBe(1);
        card.Categories[1].NotApplicable.ShouldBe(1);
        card.Categories[1].Errors.ShouldBe(1);
        card.Categories[1].Suppressed.ShouldBe(1);
    }

    [Fact]
    public void NothingScorable_HasNoScoreRatherThanZero()
    {
        var card = Scorecard.From([Result("AAA001", "data", Severity.Error, Outcome.Unknown)]);

        card.Score.ShouldBeNull();
        card.Grade.ShouldBeNull();
    }

    [Theory]
    [InlineData(90, "A")]
    [InlineData(89.9, "B")]
    [InlineData(80, "B")]
    [InlineData(70, "C")]
    [InlineData(60, "D")]
    [InlineData(59.9, "F")]
    public void Grade_FollowsTheContract(double score, string grade) => Scorecard.GradeFor(score).ShouldBe(grade);

    [Fact]
    public void Gate_FailsOnRulesAtOrAboveTheThreshold()
    {
        var results = new[] { Result("AAA001", "data", Severity.Warning, Outcome.Fail), Result("AAA002", "data", Severity.Error, Outcome.Pass) };

        GateResult.Evaluate(results, 60, FailOn.Default, null).Passed.ShouldBeTrue();
        var warning = GateResult.Evaluate(results, 60, new FailOn(Severity.Warning), null);
        warning.Passed.ShouldBeFalse();
        warning.Reasons.Single().ShouldContain("AAA001");
        GateResult.Evaluate(results, 60, FailOn.Never, null).Passed.ShouldBeTrue();
    }

    [Fact]
    public void Gate_FailsBelowTheMinimumScore()
    {
        var gate = GateResult.Evaluate([], 69.5, FailOn.Never, 70);

        gate.Passed.ShouldBeFalse();
        gate.Reasons.Single().ShouldBe("score 69.5 is below the minimum 70.0");
    }

    [Fact]
    public void Gate_IgnoresSuppressedAndUnknownRules()
    {
        var results = new[] { Result("AAA001", "data", Severity.Error, Outcome.Suppressed), Result("AAA002", "data", Severity.Error, Outcome.Unknown) };

        GateResult.Evaluate(results, null, FailOn.Default, null).Passed.ShouldBeTrue();
    }
}
