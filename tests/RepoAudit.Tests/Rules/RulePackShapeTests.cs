using RepoAudit.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Tests.Rules;

/// <summary>The built-in pack says each thing once: a block written out twice is a copy that can drift.</summary>
public sealed class RulePackShapeTests
{
    // Below this a repeated block is a one-line idiom (`not: { condition: library }`), not a copy worth naming.
    private const int MinBlockLength = 150;

    [Fact]
    public void BuiltInPack_WritesNoConditionBlockTwice()
    {
        var rules = Path.Combine(Paths.RepositoryRoot, "rules");
        var written = new Dictionary<string, (YamlNode Node, string Where)>(StringComparer.Ordinal);
        var copies = new List<string>();
        foreach (var file in Directory.EnumerateFiles(rules, "*.yml", SearchOption.AllDirectories)
                     .Where(file => Path.GetFileName(file) == "rule.yml" || Path.GetFileName(Path.GetDirectoryName(file)!) == "_facts")
                     .Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var (key, value) in root.Children)
            {
                if (key.ToString() is "check" or "applies_when" or "conditions")
                {
                    Walk(value, $"{Path.GetRelativePath(rules, file)}: {key}");
                }
            }
        }

        copies.ShouldBeEmpty("write the block once (a named condition, a file set, an option or a YAML anchor)");

        void Walk(YamlNode node, string where)
        {
            if (node is YamlScalarNode)
            {
                return;
            }

            var text = Canonical(node);
            if (text.Length >= MinBlockLength)
            {
                // An alias is the anchored node itself: the same object, written once.
                if (written.TryGetValue(text, out var first) && !ReferenceEquals(first.Node, node))
                {
                    copies.Add($"{where} repeats {first.Where}: {text[..Math.Min(120, text.Length)]}");
                }
                else
                {
                    written.TryAdd(text, (node, where));
                }
            }

            var children = node is YamlMappingNode mapping ? mapping.Children.Values : ((YamlSequenceNode)node).Children;
            foreach (var child in children)
            {
                Walk(child, where);
            }
        }
    }

    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .Select(pair => $"{Canonical(pair.Key)}:{Canonical(pair.Value)}").Order(StringComparer.Ordinal)) + "}",
        _ => "",
    };
}
