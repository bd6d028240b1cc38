using RepoAudit.Core.Checks.Primitives;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Turns a check's YAML into an <see cref="ICheck"/>. This table is the one list of primitives: adding a primitive is
/// one class with a static Parse plus one line here.
/// </summary>
public static class CheckCompiler
{
    private static readonly Dictionary<string, Func<CheckReader, YamlNode, ICheck>> Primitives = new(StringComparer.Ordinal)
    {
        ["all"] = AllCheck.Parse,
        ["any"] = AnyCheck.Parse,
        ["not"] = NotCheck.Parse,
        ["unknown_if"] = UnknownIfCheck.Parse,
        ["condition"] = ConditionCheck.Parse,
        ["each_file"] = EachFileCheck.Parse,
        ["exists"] = ExistsCheck.Parse,
        ["contains"] = ContainsCheck.Parse,
        ["imports"] = ImportsCheck.Parse,
        ["calls"] = CallsCheck.Parse,
        ["config_keys"] = ConfigKeysCheck.Parse,
        ["yaml"] = (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Yaml),
        ["json"] = (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Json),
        ["toml"] = (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Toml),
        ["notebooks"] = NotebooksCheck.Parse,
        ["dependencies"] = DependenciesCheck.Parse,
        ["gitignored"] = GitignoredCheck.Parse,
        ["history_blobs"] = HistoryBlobsCheck.Parse,
        ["history_secrets"] = HistorySecretsCheck.Parse,
        ["history_cochange"] = HistoryCochangeCheck.Parse,
    };

    public static IReadOnlyCollection<string> PrimitiveNames => Primitives.Keys;

    /// <summary>Compiles one check node: a mapping with exactly one key, the primitive's name.</summary>
    public static ICheck Compile(CheckReader reader, YamlNode node)
    {
        var mapping = reader.Doc.Mapping(node, "a check");
        if (mapping.Children.Count != 1)
        {
            throw reader.Error(node, $"a check must have exactly one key, the primitive ({string.Join(", ", Primitives.Keys)}); found {mapping.Children.Count}");
        }

        var (keyNode, valueNode) = mapping.Children.Single();
        var name = reader.Doc.Scalar(keyNode, "the check primitive");
        if (!Primitives.TryGetValue(name, out var parse))
        {
            throw reader.Error(keyNode, $"unknown check primitive '{name}'; expected one of: {string.Join(", ", Primitives.Keys)}");
        }

        return parse(reader, valueNode);
    }

    /// <summary>Compiles each item of a list of checks (for all/any).</summary>
    public static IReadOnlyList<ICheck> CompileList(CheckReader reader, YamlNode node, string primitive)
    {
        var sequence = reader.Doc.Sequence(node, $"'{primitive}'");
        if (sequence.Children.Count == 0)
        {
            throw reader.Error(node, $"'{primitive}' needs at least one check");
        }

        return sequence.Children.Select(child => Compile(reader, child)).ToArray();
    }
}
