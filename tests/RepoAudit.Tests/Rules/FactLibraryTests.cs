using RepoAudit.Core.Checks;
using RepoAudit.Core.Checks.Primitives;
using RepoAudit.Core.Code;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Text;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

/// <summary>Named conditions and file sets: written once in a pack's _facts/, referred to by name from rules.</summary>
public sealed class FactLibraryTests
{
    private const string Facts = """
        file_sets:
          scripts:
            description: Python scripts.
            files: ["**/*.py"]
        conditions:
          uses_numpy:
            title: NumPy code
            description: Code that imports NumPy.
            check:
              contains: { files: "@scripts", pattern: 'import numpy' }
        """;

    private static FactLibrary Library(string text = Facts) => FactsParser.Parse("team/_facts/facts.yml", text, RuleLoader.BuiltinFacts.Extending());

    private static RuleDefinition TeamRule(string check, FactLibrary? facts = null, string? appliesWhen = null) =>
        RuleLoader.Parse("team/rule.yml", TestRules.Rule(check: (appliesWhen is null ? "" : $"applies_when:\n  {appliesWhen}\n") + check), "team", facts ?? Library());

    private static RuleResult Run(RuleDefinition rule, params (string Path, string Content)[] files)
    {
        var compiled = rule.Compile(rule.Options);
        var effective = new EffectiveRule(rule, true, rule.Info.Severity, rule.Info.EffectiveWeight, null, compiled.AppliesWhen, compiled.Check);
        return RuleEvaluator.Evaluate(effective, new CheckContext(TestRules.Snapshot(files), null, "none"), new DateOnly(2026, 1, 1));
    }

    [Fact]
    public void FileSetReference_ExpandsToItsGlobs()
    {
        var rule = TeamRule("check:\n  exists: \"@scripts\"");

        Run(rule, ("src/a.py", "x")).Outcome.ShouldBe(Outcome.Pass);
        Run(rule, ("src/a.R", "x")).Outcome.ShouldBe(Outcome.Fail);
    }

    [Fact]
    public void Condition_InAppliesWhen_NamesTheFactInDocsAndMessages()
    {
        var rule = TeamRule("check:\n  exists: [\"README.md\"]", appliesWhen: "condition: uses_numpy");

        rule.Info.AppliesWhen.ShouldBe(["NumPy code"]);
        RuleDocs.Page(rule).ShouldContain("Applies when: NumPy code");
        var notApplicable = Run(rule, ("a.py", "import pandas"));
        notApplicable.Outcome.ShouldBe(Outcome.NotApplicable);
        notApplicable.Message.ShouldBe("not applicable: no NumPy code");
        Run(rule, ("a.py", "import numpy"), ("README.md", "x")).Outcome.ShouldBe(Outcome.Pass);
    }

    [Theory]
    [InlineData("a NumPy import", "not applicable: no NumPy import")]
    [InlineData("an array library", "not applicable: no array library")]
    [InlineData("NumPy code", "not applicable: no NumPy code")]
    [InlineData("analysis code", "not applicable: no analysis code")]
    public void ConditionThatDoesNotHold_ReadsAsNoThing_WithoutTheTitlesArticle(string title, string expected)
    {
        var facts = Library(Facts.Replace("title: NumPy code", $"title: {title}", StringComparison.Ordinal));
        var rule = TeamRule("check:\n  exists: [\"README.md\"]", facts, appliesWhen: "condition: uses_numpy");

        Run(rule, ("a.py", "import pandas")).Message.ShouldBe(expected);
    }

    [Fact]
    public void Condition_IsEvaluatedOncePerScanAndScope()
    {
        var counting = new CountingCheck();
        var condition = new NamedCondition("counted", "counted", "d", counting, "test");
        var context = new CheckContext(TestRules.Snapshot(("a.py", "x")), null, "none");

        context.Evaluate(condition);
        context.Evaluate(condition);
        context.ScopedTo("a.py").Evaluate(condition);
        context.ScopedTo("a.py").Evaluate(condition);

        counting.Calls.ShouldBe(2); // once for the repository, once for the file
    }

    [Fact]
    public void AConditionsLinearEngines_OutlastTheRuleThatAskedFirst()
    {
        // Several rules ask the same conditions of other files and scopes: letting their engines go with the first
        // rule built them again for the next. A pattern the rule runs itself is still let go with the rule.
        static RulePattern Eager(string pattern) =>
            RulePattern.TryCompile(pattern, RulePattern.PrefilterAfterChars, out var problem, linearAfter: TimeSpan.Zero) ?? throw new InvalidOperationException(problem);
        var scope = new FileScope(["**/*.py"], [], 1);
        var conditionPattern = Eager(@"\bfit\(");
        var rulePattern = Eager(@"\bsplit\(");
        var condition = new NamedCondition("trains", "training", "d", new ContainsCheck(scope, conditionPattern, CodeRegion.All), "test");
        var context = new CheckContext(TestRules.Snapshot(("train.py", "a = split(df)\nm.fit(a)")), null, "none");
        object rule = new();

        RulePattern.UsedBy(rule, () => new ContainsCheck(scope, rulePattern, CodeRegion.All).Evaluate(context)).Verdict.ShouldBe(Verdict.Holds);
        RulePattern.UsedBy(rule, () => context.Evaluate(condition)).Verdict.ShouldBe(Verdict.Holds);
        RulePattern.ReleaseLinearEnginesOf(rule);

        conditionPattern.HasLinearEngine.ShouldBeTrue();
        rulePattern.HasLinearEngine.ShouldBeFalse();
    }

    [Fact]
    public void EachFile_JudgesEveryFileOnItsOwn()
    {
        // "Some file trains with a split" is not the same as "some file trains, and some file splits".
        var check = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              check:
                all:
                  - contains: { files: ["**/*.py"], pattern: 'fit\(' }
                  - contains: { files: ["**/*.py"], pattern: 'split\(' }
            """);
        var apart = new CheckContext(TestRules.Snapshot(("train.py", "m.fit(x)"), ("prep.py", "split(df)")), null, "none");
        var together = new CheckContext(TestRules.Snapshot(("train.py", "a = split(df)\nm.fit(a)"), ("prep.py", "x")), null, "none");

        check.Evaluate(apart).Verdict.ShouldBe(Verdict.DoesNotHold);
        var result = check.Evaluate(together);
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence[0].Path.ShouldBe("train.py");
    }

    [Fact]
    public void UnknownCondition_IsALoadErrorAtItsLine()
    {
        var error = Should.Throw<LoadException>(() => TeamRule("check:\n  condition: no_such_fact"));

        error.File.ShouldBe("team/rule.yml");
        error.Line.ShouldBe(9);
        error.Problem.ShouldContain("unknown condition 'no_such_fact'");
        error.Problem.ShouldContain("uses_numpy");
    }

    [Fact]
    public void UnknownFileSet_IsALoadErrorThatListsTheKnownOnes()
    {
        var error = Should.Throw<LoadException>(() => TeamRule("check:\n  exists: \"@nope\""));

        error.Problem.ShouldContain("unknown file set '@nope'");
        error.Problem.ShouldContain("@scripts");
    }

    [Fact]
    public void DefiningANameTwiceInOnePack_IsAnError_ButRedefiningAnInheritedOneIsNot()
    {
        var twice = Should.Throw<LoadException>(() => Library(Facts + """

              uses_numpy:
                title: again
                description: again
                check: { exists: ["x"] }
            """));
        twice.Problem.ShouldContain("uses_numpy");

        var inherited = RuleLoader.BuiltinFacts.FileSets.First().Name;
        Should.NotThrow(() => Library($"file_sets:\n  {inherited}:\n    description: ours\n    files: [\"src/**\"]\n"))
            .FileSet(inherited)!.Globs.ShouldBe(["src/**"]);
    }

    [Fact]
    public void MalformedFacts_NameFileLineAndColumn()
    {
        var error = Should.Throw<LoadException>(() => Library("conditions:\n  Bad-Name:\n    title: x\n"));

        error.File.ShouldBe("team/_facts/facts.yml");
        error.Line.ShouldBe(2);
        error.Problem.ShouldContain("snake_case");
        Should.Throw<LoadException>(() => Library("conditions:\n  x:\n    title: x\n    description: y\n"))
            .Problem.ShouldContain("'x' needs 'check'");
    }

    [Fact]
    public void TeamPackFolder_LoadsItsSharedFactsBeforeItsRules()
    {
        using var folder = new TempFolder();
        folder.Write("_facts/facts.yml", Facts);
        folder.Write("TEAM001-team-rule/rule.yml", TestRules.Rule(check: "applies_when:\n  condition: uses_numpy\ncheck:\n  exists: \"@scripts\""));

        var rules = RuleLoader.LoadPath(folder.Path);

        rules.Single().Info.AppliesWhen.ShouldBe(["NumPy code"]);
    }

    [Fact]
    public void TeamPackAtABaselineCommit_LoadsItsFactsFromThatCommit()
    {
        // The Action reads a pull request's rule packs from the base commit; the pack's _facts/ must come with them.
        using var repo = new GitRepo();
        repo.Write(".repoaudit.yml", "packs: [team]\n")
            .Write("team/_facts/facts.yml", Facts)
            .Write("team/TEAM001-team-rule/rule.yml", TestRules.Rule(check: "applies_when:\n  condition: uses_numpy\ncheck:\n  exists: \"@scripts\""));
        var commit = repo.Commit("team pack with shared facts");
        var git = RepoAudit.Core.Git.GitRepository.Discover(new RepoAudit.Core.Git.GitRunner(), repo.Path, out _)!;

        var plan = AuditPlan.LoadAtCommit(new RuleSources { UseBuiltin = false }, git, commit);

        plan.Rules.Single().Rule.Info.AppliesWhen.ShouldBe(["NumPy code"]);
    }

    [Fact]
    public void LongOneLinePattern_IsAWarning_AndTheCommentedFormIsNot()
    {
        var longPattern = string.Join('|', Enumerable.Range(0, 40).Select(i => $"word{i}"));
        var rule = TeamRule($"check:\n  contains: {{ files: [\"**/*.py\"], pattern: '{longPattern}' }}");
        var warning = rule.Warnings.Single();
        warning.Line.ShouldBe(9);
        warning.Problem.ShouldContain("(?x)");

        TeamRule($"check:\n  contains: {{ files: [\"**/*.py\"], pattern: '(?x) {longPattern}' }}").Warnings.ShouldBeEmpty();
        TeamRule($"check:\n  contains: {{ files: [\"**/*.py\"], pattern: '(?ix) {longPattern}' }}").Warnings.ShouldBeEmpty();
        TeamRule($"check:\n  contains: {{ files: [\"**/*.py\"], pattern: '(?i) {longPattern}' }}").Warnings.Count.ShouldBe(1);
    }

    private sealed class CountingCheck : ICheck
    {
        public int Calls;

        public CheckResult Evaluate(CheckContext context)
        {
            Interlocked.Increment(ref Calls);
            return CheckResult.Holds("counted");
        }
    }
}
