using RepoAudit.Core.Text;

namespace RepoAudit.Tests.Text;

/// <summary>YAML files that are also templates (MLflow Recipes, Helm, Ansible) are read in their rendered shape.</summary>
public sealed class TemplatedYamlTests
{
    private const string Recipe = """
        recipe: "regression/v1"
        steps:
          ingest: {{INGEST_CONFIG}}
          split:
            split_ratios: {{SPLIT_RATIOS|default([0.75, 0.125, 0.125])}}
        {% if TRAIN %}
          train:
            estimator_method: estimator_fn
        {% endif %}
        """;

    [Fact]
    public void PlaceholdersAndTags_AreReadAsPlainValuesAtTheirOwnLines()
    {
        var root = (DataMap)DataNodes.FromYaml(Recipe);

        var steps = root["steps"].ShouldBeOfType<DataMap>();
        steps.Entries.Select(entry => entry.Key).ShouldBe(["ingest", "split", "train"]);
        steps["ingest"].ShouldBeOfType<DataScalar>().Value.ShouldBe(new string('_', "{{INGEST_CONFIG}}".Length));
        steps["train"]!.Line.ShouldBe(8);
    }

    [Fact]
    public void ValidYamlWithPlaceholdersInsideValues_KeepsItsValues()
    {
        var workflow = "steps:\n  - run: echo ${{ secrets.TOKEN }}\n";

        var root = (DataMap)DataNodes.FromYaml(workflow);

        var step = root["steps"].ShouldBeOfType<DataList>().Items[0].ShouldBeOfType<DataMap>();
        step["run"].ShouldBeOfType<DataScalar>().Value.ShouldBe("echo ${{ secrets.TOKEN }}");
    }

    [Fact]
    public void ATemplateThatIsStillNotYaml_IsAFormatErrorWithItsPosition()
    {
        var broken = "a: {{X | default(1)}}\nb: [unclosed\n";

        Should.Throw<FormatException>(() => DataNodes.FromYaml(broken)).Message.ShouldStartWith("line 3, column 1:");
    }
}
