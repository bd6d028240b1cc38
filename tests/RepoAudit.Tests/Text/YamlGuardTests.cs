using RepoAudit.Core.Text;
using RepoAudit.Core.Rules;

namespace RepoAudit.Tests.Text;

public sealed class YamlGuardTests
{
    [Fact]
    public void BillionLaughs_IsRefusedBeforeExpansion()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            var previous = (char)('a' + i - 1);
            var name = (char)('a' + i);
            lines.Add($"{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]");
        }

        Should.Throw<FormatException>(() => DataNodes.FromYaml(string.Join('\n', lines))).Message.ShouldContain("expands to more than");
    }

    [Fact]
    public void DeepNesting_IsRefusedWithoutOverflowingTheStack()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100_000));

        Should.Throw<FormatException>(() => DataNodes.FromYaml(deep)).Message.ShouldContain("nested more than");
        Should.Throw<Core.Text.LoadException>(() => RuleLoader.Parse("r.yml", "x: " + deep, "p")).Problem.ShouldContain("nested more than");
    }

    [Fact]
    public void OrdinaryAnchors_AreFine()
    {
        var ci = "defaults: &defaults\n  image: python:3.11\ntest:\n  <<: *defaults\n  script: [pytest]\nlint:\n  <<: *defaults\n  script: [ruff check]\n";

        var root = (DataMap)DataNodes.FromYaml(ci);

        root["test"].ShouldNotBeNull();
    }
}
