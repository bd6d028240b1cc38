using Newtonsoft.Json.Linq;
using NJsonSchema;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Cli.Commands;

/// <summary>
/// Checks rule files against the generated rule JSON Schema, as an editor would, and reports each problem at the
/// YAML node it concerns (file, line, column). The loader's own checks run after it and go further (regexes compile,
/// globs stay inside the repository, conditions exist).
/// </summary>
public static class RuleSchemaCheck
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(RuleSchema.Generate()).GetAwaiter().GetResult());

    /// <summary>The schema problems of every rule file under a path (a file or a pack folder), in file order.</summary>
    public static IReadOnlyList<LoadException> Problems(string path)
    {
        var files = File.Exists(path)
            ? [path]
            : Directory.Exists(path)
                ? RuleLoader.PackFiles(path).Where(RuleLoader.IsRuleFile).Select(relative => Path.Combine(path, relative)).ToArray()
                : [];
        return files.SelectMany(Check).ToArray();
    }

    private static IEnumerable<LoadException> Check(string file)
    {
        // Syntax errors are the loader's to report, with the same file, line and column.
        (YamlDoc Doc, YamlNode? Root) parsed;
        try
        {
            parsed = YamlDoc.Parse(file, File.ReadAllText(file));
        }
        catch (LoadException)
        {
            yield break;
        }

        if (parsed.Root is null)
        {
            yield break;
        }

        var nodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var json = ToJson(parsed.Root, nodes);
        foreach (var error in Schema.Value.Validate(json).Select(Deepest).OrderBy(error => error.Path, StringComparer.Ordinal))
        {
            var node = Locate(error.Path, nodes) ?? parsed.Root;
            yield return new LoadException(file, (int)node.Start.Line, (int)node.Start.Column,
                $"schema: {Describe(error)} at {(string.IsNullOrEmpty(error.Path) ? "the top level" : error.Path.TrimStart('#', '/'))}");
        }
    }

    /// <summary>
    /// For "not one of the checks", the error of the alternative the author meant: the one that got furthest (its
    /// deepest error), so that `patern:` inside `contains` is reported there, not at the enclosing `check`.
    /// </summary>
    private static NJsonSchema.Validation.ValidationError Deepest(NJsonSchema.Validation.ValidationError error)
    {
        if (error is not NJsonSchema.Validation.ChildSchemaValidationError { Errors.Count: > 0 } child)
        {
            return error;
        }

        var candidates = child.Errors.Values.SelectMany(errors => errors).Select(Deepest).ToArray();
        return candidates.Length == 0 ? error : candidates.MaxBy(candidate => (candidate.Path ?? "").Length)!;
    }

    private static string Describe(NJsonSchema.Validation.ValidationError error) => error switch
    {
        NJsonSchema.Validation.ChildSchemaValidationError child when error.Kind == NJsonSchema.Validation.ValidationErrorKind.NotOneOf =>
            $"not a valid check ({child.Errors.Count} alternatives rejected it; a check is a mapping with one primitive's name as its key)",
        { Kind: NJsonSchema.Validation.ValidationErrorKind.PropertyRequired } => $"'{error.Property}' is required",
        { Kind: NJsonSchema.Validation.ValidationErrorKind.NoAdditionalPropertiesAllowed } => $"'{error.Property}' is not a known key",
        _ => $"{error.Kind}{(error.Property is { } property ? $" '{property}'" : "")}",
    };

    // Newtonsoft paths ("check.any[0].contains") are what NJsonSchema reports after "#/".
    private static YamlNode? Locate(string? path, Dictionary<string, YamlNode> nodes)
    {
        var key = (path ?? "").TrimStart('#', '/');
        while (true)
        {
            if (nodes.TryGetValue(key, out var node))
            {
                return node;
            }

            var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            if (cut <= 0)
            {
                return nodes.GetValueOrDefault("");
            }

            key = key[..cut];
        }
    }

    private static JToken ToJson(YamlNode node, Dictionary<string, YamlNode> nodes, string path = "")
    {
        nodes[path] = node;
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    obj[name] = ToJson(value, nodes, path.Length == 0 ? name : $"{path}.{name}");
                    nodes.TryAdd(path.Length == 0 ? name : $"{path}.{name}", key);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JArray(sequence.Children.Select((child, i) => ToJson(child, nodes, $"{path}[{i}]")));
            case YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } text }:
                // Plain scalars are typed as YAML 1.2's core schema reads them.
                if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var whole))
                {
                    return new JValue(whole);
                }

                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    return new JValue(number);
                }

                return text switch
                {
                    "true" or "True" => new JValue(true),
                    "false" or "False" => new JValue(false),
                    "null" or "~" or "" => JValue.CreateNull(),
                    _ => new JValue(text),
                };
            case YamlScalarNode scalar:
                return new JValue(scalar.Value ?? "");
            default:
                return JValue.CreateNull();
        }
    }
}
