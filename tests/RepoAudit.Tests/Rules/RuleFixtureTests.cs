using System.Text.RegularExpressions;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

/// <summary>
/// Every fixture of every rule, through the real engine: `fixtures/pass/*` must pass, `fixtures/fail/*` must fail, and
/// so on for not_applicable, unknown and error.
/// </summary>
public sealed class RuleFixtureTests
{
    private static readonly string[] Outcomes = ["pass", "fail", "not_applicable", "unknown", "error"];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var ruleFile in RuleFiles())
        {
            var ruleFolder = Path.GetDirectoryName(ruleFile)!;
            foreach (var outcome in Outcomes)
            {
                var outcomeFolder = Path.Combine(ruleFolder, "fixtures", outcome);
                if (!Directory.Exists(outcomeFolder))
                {
                    continue;
                }

                foreach (var caseFolder in Directory.EnumerateDirectories(outcomeFolder).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(ruleFolder), outcome, Path.GetFileName(caseFolder));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_HasExpectedOutcome(string rule, string expected, string caseName)
    {
        var ruleFile = RuleFiles().Single(file => Path.GetFileName(Path.GetDirectoryName(file)) == rule);
        var caseFolder = Path.Combine(Path.GetDirectoryName(ruleFile)!, "fixtures", expected, caseName);
        using var fixture = Fixture.Materialize(caseFolder);

        var result = Evaluate(ruleFile, fixture.Root);

        var explanation = $"{rule} on {expected}/{caseName}: {result.Outcome.ToWire()}: {result.Message}\n  " +
                          string.Join("\n  ", result.Evidence.Select(e => $"{e.Path}:{e.Line} {e.Detail}"));
        result.Outcome.ToWire().ShouldBe(expected, explanation);
        if (fixture.ExpectMessage is { } message)
        {
            result.Message.ShouldMatch(message, explanation);
        }

        if (fixture.ExpectEvidence is { } evidence)
        {
            result.Evidence.Any(e => Regex.IsMatch($"{e.Path} {e.Line} {e.Commit} {e.Detail}", evidence)).ShouldBeTrue(explanation);
        }
    }

    [Fact]
    public void EveryRule_HasPassAndFailFixtures()
    {
        var missing = new List<string>();
        foreach (var ruleFile in RuleFiles())
        {
            var folder = Path.GetDirectoryName(ruleFile)!;
            foreach (var outcome in new[] { "pass", "fail" })
            {
                var cases = Path.Combine(folder, "fixtures", outcome);
                if (!Directory.Exists(cases) || !Directory.EnumerateDirectories(cases).Any())
                {
                    missing.Add($"{Path.GetFileName(folder)}: no fixtures/{outcome}/ case");
                }
            }

            if (File.ReadAllText(ruleFile).Contains("\napplies_when:", StringComparison.Ordinal)
                && !Directory.Exists(Path.Combine(folder, "fixtures", "not_applicable")))
            {
                missing.Add($"{Path.GetFileName(folder)}: has applies_when but no fixtures/not_applicable/ case");
            }
        }

        missing.ShouldBeEmpty();
    }

    /// <summary>The rules about training apply under the one shared definition of training code, by name.</summary>
    [Fact]
    public void RulesAboutTraining_ApplyUnderTheSharedTrainingCodeCondition()
    {
        var rules = RuleLoader.LoadBuiltin().ToDictionary(rule => rule.Id);
        foreach (var id in new[] { "REP001", "DATA001", "EXP001", "EXP002", "EVAL001" })
        {
            rules[id].Info.AppliesWhen.ShouldContain("training code", $"{id} should apply when: training code");
        }
    }

    internal static RuleResult Evaluate(string ruleFile, string root)
    {
        var plan = AuditPlan.Load(new RuleSources { UseBuiltin = false, Packs = [ruleFile] }, root);
        var snapshot = RepositorySnapshot.FromWorkTree(root, new SnapshotOptions());
        var context = CheckContext.For(snapshot, useHistory: true, depth: null);
        return Auditor.Evaluate(plan, context, new DateOnly(2026, 11, 22)).Single();
    }

    internal static IEnumerable<string> RuleFiles() =>
        Directory.EnumerateFiles(Paths.Rules, "rule.yml", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}fixtures{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
