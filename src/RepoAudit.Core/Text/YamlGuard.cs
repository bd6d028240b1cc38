using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RepoAudit.Core.Text;

/// <summary>
/// Screens YAML before it is loaded into a tree. YamlDotNet's tree loader recurses once per nesting level (a few hundred
/// levels of `- - - x` overflow a thread-pool stack before any depth check can run), and walking a tree expands aliases
/// (exponentially, for a billion-laughs file). Its event parser is iterative, so it can measure both safely and stop
/// early. Every YAML document RepoAudit reads goes through here first.
/// </summary>
public static class YamlGuard
{
    public const int MaxDepth = 64;

    /// <summary>How many nodes the document may have once every alias is expanded.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// Throws <see cref="FormatException"/> with "line N: ..." when the YAML is nested too deeply or would expand to too
    /// many nodes. Malformed YAML passes: the loader reports it with its line and column.
    /// </summary>
    public static void EnsureSafe(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Nodes)>();
        long total = 0;

        // `nodes` joins the enclosing collection's expanded size; `fresh` is what is new to the whole document (a closing
        // collection's children were counted as they came).
        void Add(long nodes, long fresh, Mark at)
        {
            if (open.Count > 0)
            {
                var (anchor, count) = open.Pop();
                open.Push((anchor, count + nodes));
            }

            total += fresh;
            if (total > MaxExpandedNodes)
            {
                throw new FormatException($"line {at.Line}: the document expands to more than {MaxExpandedNodes:N0} nodes (aliases inside aliases?)");
            }
        }

        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case NodeEvent start and (SequenceStart or MappingStart):
                        if (open.Count >= MaxDepth)
                        {
                            throw new FormatException($"line {start.Start.Line}: nested more than {MaxDepth} levels deep");
                        }

                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                        break;
                    case SequenceEnd or MappingEnd when open.Count > 0:
                        var (name, nodes) = open.Pop();
                        if (name is not null)
                        {
                            anchors[name] = nodes;
                        }

                        Add(nodes, 1, parser.Current.Start);
                        break;
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = 1;
                        }

                        Add(1, 1, scalar.Start);
                        break;
                    case AnchorAlias alias:
                        var expanded = anchors.GetValueOrDefault(alias.Value.Value, 1);
                        Add(expanded, expanded, alias.Start);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Malformed YAML: the loader reports it with its line and column.
        }
    }
}
