using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Text;

/// <summary>
/// A parsed YAML, JSON or TOML document in one shape, so that path queries work the same on all three.
/// <see cref="Line"/> is the 1-based line where the node starts, when the parser knows it.
/// </summary>
public abstract record DataNode(int? Line);

public sealed record DataMap(IReadOnlyList<KeyValuePair<string, DataNode>> Entries, int? Line) : DataNode(Line)
{
    public DataNode? this[string key] => Entries.FirstOrDefault(entry => entry.Key == key).Value;
}

public sealed record DataList(IReadOnlyList<DataNode> Items, int? Line) : DataNode(Line);

public sealed record DataScalar(string? Value, int? Line) : DataNode(Line);

/// <summary>A node found by a path query, with the concrete path that led to it (`jobs.test.steps[2].run`).</summary>
public sealed record DataHit(string Path, DataNode Node);

public static partial class DataNodes
{
    /// <summary>Parses YAML (every document of a multi-document stream, as a list when there are several).</summary>
    public static DataNode FromYaml(string text)
    {
        YamlGuard.EnsureSafe(text);
        FormatException firstError;
        try
        {
            return LoadYaml(text);
        }
        catch (FormatException ex) when (text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal))
        {
            firstError = ex;
        }

        // A YAML file that is also a template (MLflow Recipes, Helm, Ansible, cookiecutter): `key: {{ VALUE }}` is not
        // YAML until the template engine has run. Read it as the engine's output would be shaped, each placeholder a
        // plain value and each `{% ... %}` tag blank, at the same lines and columns; a file that is still not YAML keeps
        // its first error.
        try
        {
            return LoadYaml(WithoutTemplateTags(text));
        }
        catch (FormatException)
        {
            throw firstError;
        }
    }

    /// <summary>The text with each template placeholder replaced by underscores and each tag by spaces, of the same length.</summary>
    private static string WithoutTemplateTags(string text)
    {
        var placeholders = TemplatePlaceholder().Replace(text, match => new string('_', match.Length));
        return TemplateTag().Replace(placeholders, match => new string(' ', match.Length));
    }

    // Generated at build time, like the project's other fixed patterns, rather than built when the class is first used:
    // most scans never meet a templated YAML file. Each scan from an opening brace stops at the next brace or line end,
    // so the backtracking engine stays linear.
    [GeneratedRegex(@"\{\{[^{}\n]*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TemplatePlaceholder();

    [GeneratedRegex(@"\{%[^%\n]*%\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TemplateTag();

    private static DataNode LoadYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or OverflowException)
        {
            var (line, column) = YamlDoc.LastGoodPosition(text);
            throw new FormatException($"line {line}, column {column}: the YAML cannot be parsed after this point", ex);
        }

        return stream.Documents.Count switch
        {
            0 => new DataMap([], 1),
            1 => Convert(stream.Documents[0].RootNode, 0),
            _ => new DataList(stream.Documents.Select(document => Convert(document.RootNode, 0)).ToArray(), 1),
        };
    }

    private static DataNode Convert(YamlNode node, int depth)
    {
        if (depth > 512)
        {
            throw new FormatException("the document is nested too deeply");
        }

        var line = (int)node.Start.Line;
        return node switch
        {
            YamlMappingNode mapping => new DataMap(
                mapping.Children.Select(entry => new KeyValuePair<string, DataNode>(
                    (entry.Key as YamlScalarNode)?.Value ?? "", Convert(entry.Value, depth + 1))).ToArray(), line),
            YamlSequenceNode sequence => new DataList(sequence.Children.Select(child => Convert(child, depth + 1)).ToArray(), line),
            YamlScalarNode scalar => new DataScalar(scalar.Value, line),
            _ => new DataScalar(null, line),
        };
    }

    public static DataNode FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
                MaxDepth = 512,
            });
            return Convert(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", ex);
        }
    }

    private static DataNode Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new DataMap(element.EnumerateObject()
            .Select(property => new KeyValuePair<string, DataNode>(property.Name, Convert(property.Value))).ToArray(), null),
        JsonValueKind.Array => new DataList(element.EnumerateArray().Select(Convert).ToArray(), null),
        JsonValueKind.String => new DataScalar(element.GetString(), null),
        JsonValueKind.Null => new DataScalar(null, null),
        _ => new DataScalar(element.GetRawText(), null),
    };

    /// <summary>
    /// Selects the nodes at a path such as `jobs.*.steps[*].run`: segments separated by dots, `*` for any key,
    /// `a|b` for either key (`on.push|pull_request`), `[*]` for any list item, `[N]` for one item. An empty path
    /// selects the root.
    /// </summary>
    public static IEnumerable<DataHit> Select(DataNode root, string path)
    {
        IEnumerable<DataHit> current = [new DataHit("", root)];
        foreach (var step in ParsePath(path))
        {
            current = current.SelectMany(hit => Step(hit, step)).ToArray();
        }

        return current;
    }

    /// <summary>Why a path is malformed, or null.</summary>
    public static string? ValidatePath(string path)
    {
        try
        {
            _ = ParsePath(path).ToArray();
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private abstract record PathStep;

    /// <summary>A key, or keys separated by '|' of which any matches.</summary>
    private sealed record KeyStep(string Key) : PathStep
    {
        private readonly string[] _alternatives = Key.Split('|');

        public bool Matches(string key) => _alternatives.Contains(key, StringComparer.Ordinal);
    }

    private sealed record IndexStep(int? Index) : PathStep;

    private static IEnumerable<PathStep> ParsePath(string path)
    {
        if (path.Length == 0)
        {
            yield break;
        }

        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var key = bracket < 0 ? segment : segment[..bracket];
            if ((key.Length == 0 && bracket != 0) || (key.Length > 0 && key.Split('|').Any(alternative => alternative.Length == 0)))
            {
                throw new FormatException($"path '{path}' has an empty segment");
            }

            if (key.Length > 0)
            {
                yield return new KeyStep(key);
            }

            var rest = bracket < 0 ? "" : segment[bracket..];
            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']');
                if (!rest.StartsWith('[') || close < 0)
                {
                    throw new FormatException($"path '{path}' has an unclosed or stray bracket");
                }

                var inside = rest[1..close];
                if (inside == "*")
                {
                    yield return new IndexStep(null);
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    yield return new IndexStep(index);
                }
                else
                {
                    throw new FormatException($"path '{path}': '[{inside}]' must be [*] or a list index");
                }

                rest = rest[(close + 1)..];
            }
        }
    }

    private static IEnumerable<DataHit> Step(DataHit hit, PathStep step)
    {
        switch (step, hit.Node)
        {
            case (KeyStep { Key: "*" }, DataMap map):
                return map.Entries.Select(entry => new DataHit(Join(hit.Path, entry.Key), entry.Value));
            case (KeyStep key, DataMap map):
                return map.Entries.Where(entry => key.Matches(entry.Key)).Select(entry => new DataHit(Join(hit.Path, entry.Key), entry.Value));
            case (IndexStep { Index: null }, DataList list):
                return list.Items.Select((item, i) => new DataHit($"{hit.Path}[{i}]", item));
            case (IndexStep { Index: { } index }, DataList list) when index < list.Items.Count:
                return [new DataHit($"{hit.Path}[{index}]", list.Items[index])];
            default:
                return [];
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The scalar values at or below a node (a list of strings yields each string).</summary>
    public static IEnumerable<(string Value, int? Line)> Scalars(DataNode node) => node switch
    {
        DataScalar { Value: { } value } => [(value, node.Line)],
        DataList list => list.Items.SelectMany(Scalars),
        DataMap map => map.Entries.SelectMany(entry => Scalars(entry.Value)),
        _ => [],
    };
}
