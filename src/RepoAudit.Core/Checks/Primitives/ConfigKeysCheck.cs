using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `config_keys: { files, exclude?, keys, min_keys?, min_files? }` holds when at least min_files configuration files
/// (YAML, JSON or TOML, told apart by extension) each hold at least min_keys (default 3) distinct keys, at any depth,
/// whose name matches the regex `keys`. It recognises a file by what it holds (a hyperparameter file by its
/// `lr`, `batch_size` and `epochs`) rather than by its name. Anchor `keys` (`^(lr|epochs)$`) to match whole names. A
/// file that does not parse is reported as not searched, not guessed at.
/// </summary>
public sealed class ConfigKeysCheck(FileScope scope, RulePattern keys, int minKeys) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "config_keys", [.. FileScope.ArgumentNames, "keys", "min_keys"], ["files", "keys"]);
        return new ConfigKeysCheck(
            FileScope.Read(reader, args, "config_keys"),
            reader.Regex(args["keys"].Value, "'config_keys.keys'"),
            args.TryGetValue("min_keys", out var min) ? reader.Integer(min.Value, "'config_keys.min_keys'", 1, 1000) : 3);
    }

    public CheckResult Evaluate(CheckContext context) =>
        scope.Search(context, this, $"no file with {minKeys} keys matching '{keys}'", path =>
        {
            var content = context.Snapshot.Read(path);
            if (!content.IsText)
            {
                return (null, content.Describe());
            }

            DataNode root;
            try
            {
                root = Path.GetExtension(path).ToLowerInvariant() switch
                {
                    ".json" => DataNodes.FromJson(content.Text!),
                    ".toml" => Toml.Parse(content.Text!),
                    ".yaml" or ".yml" => DataNodes.FromYaml(content.Text!),
                    _ => throw new FormatException("not a .yaml, .yml, .json or .toml file"),
                };
            }
            catch (FormatException ex)
            {
                return (null, $"could not be parsed: {ex.Message}");
            }

            var matching = new List<(string Key, int? Line)>();
            foreach (var (key, line) in Keys(root))
            {
                if (keys.IsMatch(key) && matching.All(m => m.Key != key))
                {
                    matching.Add((key, line));
                }
            }

            return matching.Count >= minKeys
                ? (new Evidence(path, matching[0].Line, null, $"{matching.Count} matching keys: {string.Join(", ", matching.Take(6).Select(m => m.Key))}"), null)
                : (null, null);
        });

    /// <summary>Every key of every mapping at or below the node, with the line of its value.</summary>
    private static IEnumerable<(string Key, int? Line)> Keys(DataNode node) => node switch
    {
        DataMap map => map.Entries.SelectMany(entry => Keys(entry.Value).Prepend((entry.Key, entry.Value.Line))),
        DataList list => list.Items.SelectMany(Keys),
        _ => [],
    };
}
