using RepoAudit.Core.Checks;
using RepoAudit.Core.Checks.Primitives;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Git;
using RepoAudit.Core.Snapshot;
using RepoAudit.Tests.Support;
using static RepoAudit.Tests.Support.TestRules;

namespace RepoAudit.Tests.Engine;

/// <summary>
/// Rules that read git history run after the rules that read only files, and the files' text is let go in between, so
/// that a large history is not held on top of a large work tree. None of this may change a verdict.
/// </summary>
public sealed class EvaluationOrderTests
{
    private const string Secrets = "history_secrets: { patterns: [{ id: key, regex: 'key=\\w+' }] }";

    [Fact]
    public void ReadsHistory_IsFoundThroughCombinatorsEachFileAndNamedConditions()
    {
        Check("exists: [README.md]").ReadsHistoryAnywhere().ShouldBeFalse();
        Check(Secrets).ReadsHistoryAnywhere().ShouldBeTrue();
        Check($"any:\n  - exists: [README.md]\n  - not:\n      {Secrets}").ReadsHistoryAnywhere().ShouldBeTrue();
        Check($"each_file:\n  files: ['**/*.py']\n  check:\n    {Secrets}").ReadsHistoryAnywhere().ShouldBeTrue();
        Check("each_file:\n  files: ['**/*.py']\n  check:\n    contains: { files: ['**'], pattern: x }").ReadsHistoryAnywhere().ShouldBeFalse();

        var fromHistory = new NamedCondition("churn", "code that changes with its tests", "", Check("history_cochange: { code: ['**/*.py'], tests: ['tests/**'] }"), "facts.yml");
        new ConditionCheck(fromHistory).ReadsHistoryAnywhere().ShouldBeTrue();
        Check("condition: training_code").ReadsHistoryAnywhere().ShouldBeFalse();
    }

    [Fact]
    public void BuiltInPack_HistoryRulesAreTheOnesWithAHistoryPrimitive()
    {
        var plan = AuditPlan.Load(new RuleSources(), Path.GetTempPath());

        var readers = plan.EnabledRules.Where(rule => rule.ReadsHistory).Select(rule => rule.Rule.Id).Order().ToArray();

        readers.ShouldBe(["CI003", "DATA003", "SEC001"]); // tests that evolve with code, large files and secrets in history
    }

    [Fact]
    public void Evaluate_LetsGoOfTheFilesOnceTheFileRulesAreDone_AndVerdictsAreThoseOfEachRuleAlone()
    {
        using var repo = new GitRepo("order");
        repo.Write("README.md", "# churn\n\nRun `python src/train.py`.\n")
            .Write("src/train.py", "import torch\nfrom sklearn.model_selection import train_test_split\n\ntorch.manual_seed(0)\nX_train, X_test = train_test_split(range(10))\n")
            .Write("config.py", "api_key = 'AKIAABCDEFGHIJKLMNOP'\n")
            .Write("tests/test_train.py", "def test_split():\n    assert True\n")
            .Commit("init");
        var plan = AuditPlan.Load(new RuleSources(), repo.Path);
        CheckContext Context(out RepositorySnapshot snapshot)
        {
            snapshot = RepositorySnapshot.FromWorkTree(repo.Path, new SnapshotOptions { Git = new GitRunner() });
            return CheckContext.For(snapshot, useHistory: true, depth: null);
        }

        var results = Auditor.Evaluate(plan, Context(out var snapshot), new DateOnly(2026, 1, 1));

        snapshot.HoldsContents.ShouldBeFalse();
        results.Select(result => result.Rule.Id).ShouldBe(plan.EnabledRules.Select(rule => rule.Rule.Id)); // the rules' order
        var alone = plan.EnabledRules.Select(rule => RuleEvaluator.Evaluate(rule, Context(out _), new DateOnly(2026, 1, 1)));
        results.Select(Describe).ShouldBe(alone.Select(Describe));
        results.Single(result => result.Rule.Id == "SEC001").Outcome.ShouldBe(RepoAudit.Core.Model.Outcome.Fail);
    }

    [Fact]
    public void ReleasedContents_AreReadAgainWhenAsked()
    {
        var snapshot = TestRules.Snapshot(("train.py", "import torch  # seed\n"));
        var before = snapshot.Code("train.py", out _)![0].Code;

        snapshot.ReleaseContents().ShouldBe("import torch  # seed\n".Length);

        snapshot.HoldsContents.ShouldBeFalse();
        snapshot.Code("train.py", out _)![0].Code.ShouldBe(before);
        snapshot.Read("train.py").Text.ShouldBe("import torch  # seed\n");
    }

    private static string Describe(RepoAudit.Core.Model.RuleResult result) =>
        $"{result.Rule.Id} {result.Outcome} {result.Message} {string.Join(" | ", result.Evidence.Select(e => $"{e.Path}:{e.Line} {e.Detail}"))}";
}
