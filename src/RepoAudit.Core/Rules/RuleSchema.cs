using System.Text.Json;
using System.Text.Json.Nodes;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;

namespace RepoAudit.Core.Rules;

/// <summary>
/// The JSON Schema of a rule file (`docs/rule.schema.json`), generated from the primitive table so that it cannot
/// drift from what the loader accepts. Editors use it through a modeline
/// (`# yaml-language-server: $schema=…/docs/rule.schema.json`); `rules validate` checks packs against it.
/// </summary>
public static class RuleSchema
{
    public const string Id = "https://github.com/repoaudit/repoaudit/blob/main/docs/rule.schema.json";

    public static string Generate()
    {
        var checks = new JsonArray();
        foreach (var primitive in CheckCompiler.Specs)
        {
            var value = primitive.Value.Schema();
            checks.Add(new JsonObject
            {
                ["type"] = "object",
                ["description"] = primitive.Summary,
                ["properties"] = new JsonObject { [primitive.Name] = value },
                ["required"] = new JsonArray(primitive.Name),
                ["additionalProperties"] = false,
            });
        }

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = Id,
            ["title"] = "RepoAudit rule",
            ["description"] = "One rule of a RepoAudit rule pack (rules/<category>/<ID>-<name>/rule.yml). Generated from the primitive table by `repoaudit rules docs`; do not edit.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("id", "name", "title", "category", "severity", "why", "fix", "check"),
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Z]+[0-9]{3}$", ["description"] = "Upper-case letters and three digits, like DATA001; a public contract." },
                ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", ["description"] = "kebab-case, like data-split-explicit." },
                ["title"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "What the practice asks, in one line." },
                ["category"] = new JsonObject
                {
                    ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9-]*$",
                    ["description"] = $"One of {string.Join(", ", Categories.KnownIds)}, or your own.",
                },
                ["severity"] = new JsonObject { ["enum"] = new JsonArray("error", "warning", "info") },
                ["weight"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 100 },
                ["lifecycle"] = new JsonObject { ["enum"] = new JsonArray("experimental", "stable", "deprecated") },
                ["why"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Why the practice matters, with sources." },
                ["fix"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "How to fix a failure (Markdown)." },
                ["references"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("title", "url"),
                        ["properties"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "string" }, ["url"] = new JsonObject { ["type"] = "string", ["pattern"] = "^https?://" } },
                    },
                },
                ["tags"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ["help_uri"] = new JsonObject { ["type"] = "string", ["pattern"] = "^https?://" },
                ["options"] = new JsonObject
                {
                    ["type"] = "object", ["description"] = "Defaults a team can override; referred to as ${options.NAME}.",
                    ["propertyNames"] = new JsonObject { ["pattern"] = "^[a-z][a-z0-9_]*$" },
                },
                ["messages"] = new JsonObject
                {
                    ["type"] = "object", ["additionalProperties"] = false,
                    ["properties"] = new JsonObject { ["pass"] = new JsonObject { ["type"] = "string" }, ["fail"] = new JsonObject { ["type"] = "string" } },
                },
                ["applies_when"] = new JsonObject { ["$ref"] = "#/definitions/check", ["description"] = "The rule is not applicable when this check does not hold." },
                ["check"] = new JsonObject { ["$ref"] = "#/definitions/check", ["description"] = "The rule passes when this check holds." },
            },
            ["definitions"] = new JsonObject { ["check"] = new JsonObject { ["description"] = "A mapping with exactly one key, the primitive.", ["oneOf"] = checks } },
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
