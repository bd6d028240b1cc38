using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `config_keys: { files, exclude?, keys, min_keys?, min_files? }` holds when at least min_files configuration files
/// (YAML, JSON, TOML or INI-style `.cfg`/`.ini`, told apart by extension) each hold at least min_keys (default 3) distinct keys, at any depth,
/// whose name matches the regex `keys`. It recognises a file by what it holds (a hyperparameter file by its
/// `lr`, `batch_size` and `epochs`) rather than by its name. Anchor `keys` (`^(lr|epochs)$`) to match whole names. A
/// file that does not parse is reported as not searched, not guessed at, and one where fewer than one key in 20
/// matches holds data (a vocabulary), not settings. A key whose value is "auto" is left to another source (the
/// trainer's arguments) and does not count. A Python module is a configuration file
/// too: its keys are the names it assigns at the top level or in a class body (`BATCH_SIZE = 64`, `lr: float = 3e-4`),
/// lower-cased, read from code only.
/// </summary>
public sealed partial class ConfigKeysCheck(FileScope scope, RulePattern keys, int minKeys) : ICheck
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
        scope.Search(context, this, $"no file with {minKeys} {KeysDescription}", path =>
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension == ".py")
            {
                var code = ContainsCheck.Texts(context.Snapshot, path, CodeRegion.Code, out var problem);
                return code is null ? (null, problem) : Judge(path, code.SelectMany(text => PythonAssignments(text.Searched)));
            }

            var content = context.Snapshot.Read(path);
            if (!content.IsText)
            {
                return (null, content.Describe());
            }

            if (extension is ".cfg" or ".ini")
            {
                return Judge(path, IniKeys(content.Text!));
            }

            DataNode root;
            try
            {
                root = extension switch
                {
                    ".json" => DataNodes.FromJson(content.Text!),
                    ".toml" => Toml.Parse(content.Text!),
                    ".yaml" or ".yml" => DataNodes.FromYaml(content.Text!),
                    _ => throw new FormatException("not a .yaml, .yml, .json, .toml, .cfg or .ini file"),
                };
            }
            catch (FormatException ex)
            {
                return (null, $"could not be parsed: {ex.Message}");
            }

            return Judge(path, Keys(root));
        });

    private (Evidence?, string?) Judge(string path, IEnumerable<(string Key, int? Line)> found)
    {
        var matching = new List<(string Key, int? Line)>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, line) in found)
        {
            if (distinct.Add(key) && keys.IsMatch(Spelled(key)))
            {
                matching.Add((key, line));
            }
        }

        // A file whose keys are mostly something else (a tokenizer's vocabulary, a label map) holds data, not
        // settings, even when a few of its thousands of keys happen to be named lr or alpha.
        return matching.Count >= minKeys && matching.Count * MaxKeysPerMatch >= distinct.Count
            ? (new Evidence(path, matching[0].Line, null, $"{matching.Count} matching keys: {string.Join(", ", matching.Take(6).Select(m => m.Key))}"), null)
            : (null, null);
    }

    /// <summary>How a failure names the keys: the pattern itself when it is short and one line, otherwise "the pattern".</summary>
    private string KeysDescription => keys.ToString() is { Length: <= 60 } text && !text.Contains('\n')
        ? $"keys matching '{text}'"
        : "keys matching the pattern";

    /// <summary>
    /// A key as the pattern sees it: lower case, with camelCase words split by '_' (learningRate reads as
    /// learning_rate), so one pattern serves every file format's naming convention.
    /// </summary>
    internal static string Spelled(string key)
    {
        var spelled = new System.Text.StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]) && char.IsUpper(key[i - 1]))))
            {
                spelled.Append('_');
            }

            spelled.Append(char.ToLowerInvariant(c));
        }

        return spelled.ToString();
    }

    /// <summary>At least one key in this many must match for the file to be configuration.</summary>
    private const int MaxKeysPerMatch = 20;

    /// <summary>
    /// The names a Python module assigns at the top level or in a top-level class body (a dataclass of settings),
    /// lower-cased, with their lines. Assignments inside a function are its local variables, not settings.
    /// </summary>
    private static IEnumerable<(string Key, int? Line)> PythonAssignments(string code)
    {
        var inClass = false;
        var lineNumber = 0;
        foreach (var line in code.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (indent == 0)
            {
                // a top-level statement ends the block above it and may open a class
                inClass = line.StartsWith("class ", StringComparison.Ordinal);
            }
            else if (!inClass || indent > 4)
            {
                continue; // a function's body, or a method's inside a class
            }

            if (Assignment().Match(line) is { Success: true } match)
            {
                yield return (match.Groups["name"].Value.ToLowerInvariant(), lineNumber);
            }
        }
    }

    /// <summary>
    /// The keys of an INI-style file (configparser's `.ini` and `.cfg`, Darknet's model `.cfg`): `key = value` or
    /// `key: value` lines, under any `[section]`, lower-cased, with their lines. Comments (`#`, `;`) and continuation
    /// lines (indented) are not keys.
    /// </summary>
    private static IEnumerable<(string Key, int? Line)> IniKeys(string text)
    {
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (IniKey().Match(line) is { Success: true } match)
            {
                yield return (match.Groups["name"].Value.ToLowerInvariant(), lineNumber);
            }
        }
    }

    [GeneratedRegex("""
        (?x) ^
          (?<name>[A-Za-z_][\w.\-]*) [ \t]*    # a key at the start of the line (indented lines continue a value)
          [=:]                                  # then its value
        """, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IniKey();

    // Generated at build time: a regex compiled at run time costs a sample scan more than all its matches.
    [GeneratedRegex("""
        (?x) ^ [ \t]*
          (?<name>[A-Za-z_]\w*) [ \t]*
          (:[^=\n]+)?                           # an annotation (lr: float = ...)
          =(?!=)                                # an assignment, not a comparison
        """, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Assignment();

    /// <summary>
    /// Every key of every mapping at or below the node, with the line of its value. A key whose value is "auto" sets
    /// nothing in this file: DeepSpeed and Accelerate read it as "take the value from the trainer's arguments", so a
    /// config of `"lr": "auto"` and `"train_batch_size": "auto"` leaves the hyperparameters on the command line. (A
    /// key over a mapping still counts: a W&B sweep's `learning_rate: {values: [...]}` is a setting, not a heading.)
    /// </summary>
    private static IEnumerable<(string Key, int? Line)> Keys(DataNode node) => node switch
    {
        DataMap map => map.Entries
            .Where(entry => !IsDeferred(entry.Value))
            .SelectMany(entry => Keys(entry.Value).Prepend((entry.Key, entry.Value.Line))),
        DataList list => list.Items.SelectMany(Keys),
        _ => [],
    };

    private static bool IsDeferred(DataNode value) =>
        value is DataScalar { Value: { } text } && text.Equals("auto", StringComparison.OrdinalIgnoreCase);
}
