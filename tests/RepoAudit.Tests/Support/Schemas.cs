using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Tests.Support;

/// <summary>
/// Validates documents in-process against the JSON Schemas kept in the repository (tests/schemas/, docs/), so the tests
/// need nothing beside the checkout. NJsonSchema reads the SARIF schema's draft-04 and the draft-07 of our own.
/// </summary>
public static class Schemas
{
    public static string Sarif => Path.Combine(Paths.RepositoryRoot, "tests", "schemas", "sarif-schema-2.1.0.json");

    public static string GithubAction => Path.Combine(Paths.RepositoryRoot, "tests", "schemas", "github-action.schema.json");

    public static string GithubWorkflow => Path.Combine(Paths.RepositoryRoot, "tests", "schemas", "github-workflow.schema.json");

    public static string Report => Path.Combine(Paths.RepositoryRoot, "docs", "report.schema.json");

    private static readonly Dictionary<string, Lazy<JsonSchema>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The schema's complaints about the JSON text, one line each ("path: kind"); empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaFile, string json)
    {
        Lazy<JsonSchema> schema;
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(schemaFile, out schema!))
            {
                schema = new Lazy<JsonSchema>(() => JsonSchema.FromFileAsync(schemaFile).GetAwaiter().GetResult());
                Loaded[schemaFile] = schema;
            }
        }

        return schema.Value.Validate(json).Select(error => $"{error.Path}: {error.Kind}{Details(error)}").ToArray();
    }

    /// <summary>Reads a YAML file as the JSON GitHub would see (plain true/false/numbers/null typed, quoted text kept as text).</summary>
    public static string YamlAsJson(string yamlText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yamlText));
        return (Convert(stream.Documents[0].RootNode) ?? new JsonObject()).ToJsonString();
    }

    private static string Details(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? " (" + string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(e => $"{e.Path}: {e.Kind}")) + ")"
            : "";

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(entry =>
            new KeyValuePair<string, JsonNode?>(((YamlScalarNode)entry.Key).Value!, Convert(entry.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when Regex.IsMatch(value, @"^-?[0-9]+(\.[0-9]+)?$") => JsonValue.Create(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value),
    };
}
