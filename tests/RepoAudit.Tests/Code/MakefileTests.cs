using RepoAudit.Core.Checks;
using RepoAudit.Core.Checks.Primitives;
using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using RepoAudit.Tests.Support;
using Shouldly;

namespace RepoAudit.Tests.Code;

/// <summary>Makefiles are read as make reads their rules, without running anything.</summary>
public sealed class MakefileTests
{
    [Fact]
    public void ReadsRulesRecipesAndTheDefaultGoal_NotAssignments()
    {
        var makefile = Makefile.Parse(
            "PYTHON := python3\nSRC = src:lib\n.PHONY: all test\n\nall: test lint\n\ntest: deps\n\t@$(PYTHON) -m pytest \\\n\t  tests\n" +
            "# a comment inside the recipe block\n\tcoverage xml\nlint: ; ruff check .\nbuild/%.o: %.c\n\tcc $<\n");

        makefile.DefaultGoal.ShouldBe("all");
        makefile.RulesFor("all").Single().Prerequisites.ShouldBe(["test", "lint"]);
        var test = makefile.RulesFor("test").Single();
        test.Prerequisites.ShouldBe(["deps"]);
        test.Recipe.Select(line => line.Line).ShouldBe([8, 11]);
        test.Recipe[0].Text.ShouldContain("-m pytest");
        test.Recipe[0].Text.ShouldContain("tests");
        makefile.RulesFor("lint").Single().Recipe.Single().Text.ShouldBe("\truff check .");
        makefile.RulesFor("PYTHON").ShouldBeEmpty();
        makefile.RulesFor("SRC").ShouldBeEmpty();
    }

    [Fact]
    public void ArgumentsAreReadAsMakeReadsThem()
    {
        var (folder, file, targets) = MakeRunsCheck.Arguments(" -C services/api -j4 PYTHON=python3 --no-print-directory check lint");
        (folder, file).ShouldBe(("services/api", (string?)null));
        targets.ShouldBe(["check", "lint"]);

        (folder, file, targets) = MakeRunsCheck.Arguments(" -f ci.mk --directory=a/b/../c");
        (folder, file).ShouldBe(("a/c", "ci.mk"));
        targets.ShouldBeEmpty();
    }

    [Fact]
    public void CheckFollowsPrerequisitesAndRecursiveMake_AndStaysBounded()
    {
        const string Check = """
            make_runs:
              files: [".github/workflows/*.yml"]
              command: '(^|[ \t;&])make(?<args>([ \t]+[^ \t\n;&|#]+)*)'
              pattern: '\bpytest\b'
            """;
        var viaPrerequisite = TestRules.Evaluate(Check,
            (".github/workflows/ci.yml", "steps:\n  - run: make ci\n"),
            ("Makefile", "ci: check\ncheck:\n\t$(MAKE) unit\nunit:\n\tpytest -q\n"));
        viaPrerequisite.Verdict.ShouldBe(Verdict.Holds);
        viaPrerequisite.Evidence.Select(item => (item.Path, item.Line)).ShouldBe([(".github/workflows/ci.yml", 2), ("Makefile", 5)]);

        TestRules.Evaluate(Check,
            (".github/workflows/ci.yml", "steps:\n  - run: make lint\n"),
            ("Makefile", "lint:\n\truff check .\ntest:\n\tpytest\n")).Verdict.ShouldBe(Verdict.DoesNotHold);

        // A target that depends on itself through a long cycle ends the walk, and finds nothing.
        var cycle = string.Concat(Enumerable.Range(0, 1000).Select(i => $"t{i}: t{(i + 1) % 1000}\n\techo {i}\n"));
        TestRules.Evaluate(Check, (".github/workflows/ci.yml", "- run: make t0\n"), ("Makefile", cycle)).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void ACommandPatternWithoutArgsGroup_IsALoadError()
    {
        Should.Throw<RepoAudit.Core.Text.LoadException>(() => TestRules.Check("""
            make_runs:
              files: ["ci.yml"]
              command: 'make'
              pattern: 'pytest'
            """)).Problem.ShouldContain("(?<args>");
    }
}
