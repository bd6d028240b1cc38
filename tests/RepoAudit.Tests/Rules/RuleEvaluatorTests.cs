using RepoAudit.Core.Checks;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

/// <summary>One rule's failure stays that rule's: the evaluator never throws, whatever a check does.</summary>
public sealed class RuleEvaluatorTests
{
    private sealed class Throwing(Exception exception) : ICheck
    {
        public CheckResult Evaluate(CheckContext context) => throw exception;
    }

    private static RuleResult Run(ICheck check)
    {
        var rule = RuleLoader.Parse("team/rule.yml", TestRules.Rule(), "team", RuleLoader.BuiltinFacts);
        var effective = new EffectiveRule(rule, true, rule.Info.Severity, rule.Info.EffectiveWeight, null, null, check);
        return RuleEvaluator.Evaluate(effective, new CheckContext(TestRules.Snapshot(("README.md", "x")), null, "none"), new DateOnly(2026, 1, 1));
    }

    [Fact]
    public void ABugInACheck_IsAnErrorOutcomeNamingTheRule_NotACrash()
    {
        var result = Run(new Throwing(new NullReferenceException("Object reference not set to an instance of an object.")));

        result.Outcome.ShouldBe(Outcome.Error);
        result.Message.ShouldContain("TEAM001");
        result.Message.ShouldContain("NullReferenceException");
        result.Message.ShouldContain("bug in RepoAudit");
    }

    [Fact]
    public void AnUnreadableFile_IsAnErrorOutcomeWithTheReason()
    {
        var result = Run(new Throwing(new IOException("disk went away")));

        result.Outcome.ShouldBe(Outcome.Error);
        result.Message.ShouldBe("rule TEAM001 could not be evaluated: disk went away");
    }
}
