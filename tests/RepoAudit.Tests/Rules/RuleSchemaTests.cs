using RepoAudit.Core.Checks;
using RepoAudit.Core.Rules;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

/// <summary>The rule JSON Schema and the rule-language page are generated from the primitive table and the shared facts.</summary>
public sealed class RuleSchemaTests
{
    [Fact]
    public void CommittedSchemaAndLanguageReference_AreUpToDate()
    {
        File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "docs", "rule.schema.json")).ShouldBe(RuleSchema.Generate(),
            "docs/rule.schema.json is stale: run `repoaudit rules docs`");
        File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "docs", "rule-language.md")).ShouldBe(RuleLanguageDocs.Page(RuleLoader.BuiltinFacts),
            "docs/rule-language.md is stale: run `repoaudit rules docs`");
    }

    [Fact]
    public void EveryMappingPrimitive_DocumentsExactlyTheArgumentsItsParserAccepts()
    {
        foreach (var spec in CheckCompiler.Specs.Where(spec => spec.ArgumentNames is not null))
        {
            // An unknown key makes the parser list the keys it accepts.
            var error = Should.Throw<RepoAudit.Core.Text.LoadException>(() => TestRules.Check($"{spec.Name}: {{ not_an_argument: x }}"));
            var accepted = error.Problem[(error.Problem.IndexOf("expected one of: ", StringComparison.Ordinal) + "expected one of: ".Length)..]
                .Split(", ").Select(name => name.Trim()).Order(StringComparer.Ordinal);
            accepted.ShouldBe(spec.ArgumentNames!.Order(StringComparer.Ordinal), $"the spec of '{spec.Name}' disagrees with its parser");
        }
    }

    [Fact]
    public void RulesValidate_ReportsASchemaProblemAtItsLineAndColumn()
    {
        using var pack = new TempFolder();
        pack.Write("TEAM001-team-rule/rule.yml", TestRules.Rule(check: """
            check:
              any:
                - exists: ["README.md"]
                - contains: { files: ["**/*.py"], patern: 'x' }
            """));

        var result = RepoAuditCli.Run("rules", "validate", pack.Path);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("TEAM001-team-rule/rule.yml:11:");
        result.Stderr.ShouldContain("schema:");
        result.Stderr.ShouldContain("check.any[1].contains");
        result.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public void RulesValidate_AcceptsTheBuiltinPackUnderTheSchema()
    {
        var result = RepoAuditCli.Run("rules", "validate", Paths.Rules);

        result.ExitCode.ShouldBe(0, result.Stderr);
    }
}
