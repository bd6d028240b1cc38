using RepoAudit.Core.Checks;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Text;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Rules;

public sealed class RuleLoaderTests
{
    private static LoadException LoadError(string yaml) =>
        Should.Throw<LoadException>(() => RuleLoader.Parse("team/rule.yml", yaml, "team"));

    [Fact]
    public void ValidRule_LoadsWithDefaultsFromSeverity()
    {
        var rule = RuleLoader.Parse("team/rule.yml", TestRules.Rule(), "team");

        rule.Id.ShouldBe("TEAM001");
        rule.Info.EffectiveWeight.ShouldBe(2);
        rule.Info.Lifecycle.ShouldBe("stable");
    }

    [Fact]
    public void MalformedYaml_NamesFileLineAndColumn()
    {
        var error = LoadError("id: TEAM001\nname: [unclosed\ntitle: x\n");

        error.File.ShouldBe("team/rule.yml");
        error.Line.ShouldBeGreaterThan(1);
        error.Message.ShouldStartWith("team/rule.yml:");
        error.Message.ShouldContain("malformed YAML");
    }

    [Fact]
    public void UnknownKey_IsAnErrorAtThatKey()
    {
        var error = LoadError(TestRules.Rule() + "\nseverty: error\n");

        error.Problem.ShouldContain("unknown key 'severty'");
        error.Line.ShouldBe(10);
        error.Column.ShouldBe(1);
    }

    [Fact]
    public void MissingField_IsNamed()
    {
        LoadError("id: TEAM001\nname: team-rule\n").Problem.ShouldContain("missing 'title'");
    }

    [Theory]
    [InlineData("id: team1", "'id' must be upper-case")]
    [InlineData("name: Team_Rule", "kebab-case")]
    [InlineData("severity: critical", "'severity' must be error, warning or info")]
    [InlineData("weight: heavy", "'weight' must be a whole number")]
    [InlineData("category: [data]", "must be a single value")]
    public void WrongValue_IsExplained(string line, string expected)
    {
        var key = line.Split(':')[0];
        var yaml = string.Join('\n', TestRules.Rule().Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal))) + "\n" + line + "\n";

        LoadError(yaml).Problem.ShouldContain(expected);
    }

    [Theory]
    [InlineData("check:\n  contains: { files: [\"**/*.py\"], pattern: '(unclosed' }", "invalid regex", 9)]
    [InlineData("check:\n  history_blobs: { max_size: 10MB, binary_max_size: 1MB }", "'binary_max_size' needs 'binary_globs'", 9)]
    [InlineData("check:\n  gitignored:\n    - written_to: { files: ['**/*.py'], pattern: 'output_dir=' }", "needs a (?<path>...) group", 10)]
    public void MalformedCheck_IsALoadErrorNamingItsLine(string check, string problem, int line)
    {
        var error = LoadError(TestRules.Rule(check: check));

        error.Problem.ShouldContain(problem);
        error.Line.ShouldBe(line);
    }

    [Fact]
    public void ContainsIn_Unknown_IsALoadErrorAtTheValue()
    {
        var error = LoadError(TestRules.Rule(check: "check:\n  contains: { files: [\"**/*.py\"], pattern: 'x', in: docs }"));

        error.Problem.ShouldContain("'contains.in' must be code, strings, comments or all, found 'docs'");
        error.Line.ShouldBe(9);
        error.Column.ShouldBe(53);
    }

    [Fact]
    public void Lookarounds_AreAllowed_BecauseTheMatchTimeoutBoundsEveryPattern()
    {
        TestRules.Evaluate("contains: { files: [\"**/*.py\"], pattern: '(?<=seed\\()\\d+' }", ("train.py", "np.random.seed(42)\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Theory]
    [InlineData("../secrets/**", "cannot reach outside")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("src/{a,b}.py", "braces")]
    public void GlobLeavingTheRepository_IsRefused(string glob, string expected)
    {
        LoadError(TestRules.Rule(check: $"check:\n  exists: [\"{glob}\"]")).Problem.ShouldContain(expected);
    }

    [Fact]
    public void UnknownPrimitive_ListsTheKnownOnes()
    {
        var problem = LoadError(TestRules.Rule(check: "check:\n  exist: [README.md]")).Problem;

        problem.ShouldContain("unknown check primitive 'exist'");
        problem.ShouldContain("exists");
    }

    [Fact]
    public void CheckWithTwoPrimitives_IsRefused()
    {
        LoadError(TestRules.Rule(check: "check:\n  exists: [a]\n  not: { exists: [b] }")).Problem.ShouldContain("exactly one key");
    }

    [Fact]
    public void UnknownOptionReference_IsAnError()
    {
        LoadError(TestRules.Rule(check: "check:\n  history_blobs: { max_size: '${options.limit}' }")).Problem.ShouldContain("unknown option 'limit'");
    }

    [Fact]
    public void OptionReference_ExpandsListsAndScalars()
    {
        var rule = RuleLoader.Parse("team/rule.yml", TestRules.Rule(check: """
            options:
              max: 5MB
              globs: ["**/*.bin"]
            check:
              history_blobs: { max_size: '${options.max}', binary_globs: '${options.globs}', binary_max_size: 1MB }
            """), "team");

        rule.Options["max"].Scalar.ShouldBe("5MB");
        rule.Options["globs"].List.ShouldBe(["**/*.bin"]);
    }

    [Fact]
    public void DuplicateIdAcrossPacks_PointsAtTheSecondDefinition()
    {
        var first = RuleLoader.Parse("a/rule.yml", TestRules.Rule(), "a");
        var second = RuleLoader.Parse("b/rule.yml", TestRules.Rule(name: "other-name"), "b");

        var error = Should.Throw<LoadException>(() => RuleLoader.Combine([[first], [second]]));

        error.File.ShouldBe("b/rule.yml");
        error.Problem.ShouldContain("duplicate rule id TEAM001");
        error.Problem.ShouldContain("a/rule.yml");
    }

    [Fact]
    public void FolderNameThatDisagreesWithId_IsAnError()
    {
        Should.Throw<LoadException>(() => RuleLoader.Parse("rules/x/TEAM002-team-rule/rule.yml", TestRules.Rule(), "team"))
            .Problem.ShouldContain("folder");
    }

    [Fact]
    public void BuiltinPack_LoadsAndEveryRuleHasDocs()
    {
        var rules = RuleLoader.LoadBuiltin();

        rules.Count.ShouldBeGreaterThanOrEqualTo(7);
        rules.ShouldAllBe(rule => rule.Info.Why.Length > 80 && rule.Info.Fix.Length > 40 && rule.Info.References.Count > 0 && rule.Info.HelpUri != null);
        rules.Select(rule => rule.Id).ShouldBeUnique();
    }

    [Fact]
    public void BuiltinPack_MatchesTheRulesFolderOnDisk()
    {
        var embedded = RuleLoader.LoadBuiltin().Select(rule => rule.Id).Order().ToArray();
        var onDisk = RuleLoader.LoadPath(Paths.Rules).Select(rule => rule.Id).Order().ToArray();

        embedded.ShouldBe(onDisk);
    }

    [Fact]
    public void LoadingAFolder_SkipsFixtureTrees()
    {
        using var folder = new TempFolder("pack");
        folder.Write("TEAM001-team-rule/rule.yml", TestRules.Rule());
        folder.Write("TEAM001-team-rule/fixtures/pass/basic/.github/workflows/ci.yml", "on: push\n");

        RuleLoader.LoadPath(folder.Path).Select(rule => rule.Id).ShouldBe(["TEAM001"]);
    }

    [Fact]
    public void LoadingAMissingPath_IsAnError()
    {
        Should.Throw<LoadException>(() => RuleLoader.LoadPath("/no/such/pack")).Problem.ShouldContain("no such rule file");
    }
}
