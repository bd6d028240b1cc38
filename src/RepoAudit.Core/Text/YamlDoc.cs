using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Text;

/// <summary>
/// Strict reading of hand-written YAML (rules, configs): every problem becomes a <see cref="LoadException"/>
/// that points at the offending node.
/// </summary>
public sealed class YamlDoc(string file)
{
    public string File { get; } = file;

    public static (YamlDoc Doc, YamlNode? Root) Parse(string file, string text)
    {
        var doc = new YamlDoc(file);
        var stream = new YamlStream();
        try
        {
            YamlGuard.EnsureSafe(text);
        }
        catch (FormatException ex)
        {
            var line = int.TryParse(ex.Message.Split(':')[0].Replace("line ", "", StringComparison.Ordinal), out var n) ? n : 1;
            throw new LoadException(file, line, 1, ex.Message[(ex.Message.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        }

        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var problem = (ex.InnerException?.Message ?? ex.Message).Trim();
            problem = StripMarkPrefix(problem);
            throw new LoadException(file, (int)ex.Start.Line, (int)ex.Start.Column, $"malformed YAML: {problem}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet occasionally fails on broken input without a position; find the last point it understood.
            var (line, column) = LastGoodPosition(text);
            throw new LoadException(file, line, column, "malformed YAML: the document cannot be parsed after this point (an unclosed bracket or quote?)");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw doc.Error(second, "expected one YAML document, found several");
        }

        return (doc, stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
    }

    internal static (int Line, int Column) LastGoodPosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (Exception)
        {
            // Expected: this is the failure we are locating.
        }

        return ((int)Math.Max(1, last.Line), (int)Math.Max(1, last.Column));
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own position.
    private static string StripMarkPrefix(string message)
    {
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker > 0 ? message[(marker + 3)..] : message;
    }

    public LoadException Error(YamlNode node, string problem) =>
        new(File, (int)node.Start.Line, (int)node.Start.Column, problem);

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping, found {Describe(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list, found {Describe(node)}");

    public string Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        throw Error(node, $"{what} must be a single value, found {Describe(node)}");
    }

    public string NonEmptyString(YamlNode node, string what)
    {
        var value = Scalar(node, what);
        return string.IsNullOrWhiteSpace(value) ? throw Error(node, $"{what} must not be empty") : value;
    }

    public int Integer(YamlNode node, string what, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Scalar(node, what);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, $"{what} must be a whole number, found '{text}'");
        }

        if (value < min || value > max)
        {
            throw Error(node, $"{what} must be between {min} and {max}, found {value}");
        }

        return value;
    }

    public double Number(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(node, $"{what} must be a number, found '{text}'");
    }

    public bool Boolean(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return text switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw Error(node, $"{what} must be true or false, found '{text}'"),
        };
    }

    /// <summary>A string, or a list of strings (a single string is read as a one-item list).</summary>
    public IReadOnlyList<string> StringList(YamlNode node, string what)
    {
        if (node is YamlScalarNode)
        {
            return [NonEmptyString(node, what)];
        }

        var sequence = Sequence(node, what);
        if (sequence.Children.Count == 0)
        {
            throw Error(node, $"{what} must not be an empty list");
        }

        return sequence.Children.Select(child => NonEmptyString(child, $"each item of {what}")).ToArray();
    }

    /// <summary>Reads a mapping's entries, refusing keys not in <paramref name="allowed"/> and duplicates.</summary>
    public IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> Entries(
        YamlMappingNode mapping, string what, IReadOnlyCollection<string> allowed)
    {
        var entries = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = Scalar(keyNode, $"a key in {what}");
            if (!allowed.Contains(key))
            {
                throw Error(keyNode, $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", allowed)}");
            }

            if (!entries.TryAdd(key, (keyNode, valueNode)))
            {
                throw Error(keyNode, $"duplicate key '{key}' in {what}");
            }
        }

        return entries;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value: null or "" or "~" or "null" } => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an unsupported node",
    };
}
