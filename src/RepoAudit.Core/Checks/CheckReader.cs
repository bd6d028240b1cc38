using System.Text.RegularExpressions;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks;

/// <summary>An option value: a single value or a list of values.</summary>
public sealed record OptionValue(string? Scalar, IReadOnlyList<string>? List)
{
    public override string ToString() => Scalar ?? "[" + string.Join(", ", List ?? []) + "]";

    public static OptionValue From(YamlDoc doc, YamlNode node, string what) => node switch
    {
        YamlSequenceNode => new OptionValue(null, doc.StringList(node, what)),
        _ => new OptionValue(doc.Scalar(node, what), null),
    };
}

/// <summary>
/// Reads check arguments from a rule's YAML, resolving `${options.NAME}` references against the effective options
/// (the rule's defaults with the config's overrides). Every problem names the rule file, line and column.
/// </summary>
public sealed partial class CheckReader(YamlDoc doc, IReadOnlyDictionary<string, OptionValue> options, FactLibrary facts)
{
    /// <summary>Patterns longer than this are hard to review on one line: they should be written `(?x)` with comments.</summary>
    public const int LongPatternChars = 200;

    private readonly List<LoadWarning> _warnings = [];
    private readonly List<string> _conditions = [];

    public YamlDoc Doc { get; } = doc;

    public FactLibrary Facts { get; } = facts;

    /// <summary>Problems that do not stop the rule from loading, for `rules validate` to report.</summary>
    public IReadOnlyList<LoadWarning> Warnings => _warnings;

    /// <summary>The titles of the named conditions the compiled checks referred to, in order of first use.</summary>
    public IReadOnlyList<string> ConditionsUsed => _conditions;

    /// <summary>Looks up a named condition for `condition: name`, remembering that it was used.</summary>
    public NamedCondition Condition(YamlNode node)
    {
        var name = Doc.NonEmptyString(node, "'condition'");
        var condition = Facts.Condition(name) ?? throw Error(node,
            $"unknown condition '{name}'; the conditions defined are: {(Facts.Conditions.Count == 0 ? "none" : string.Join(", ", Facts.Conditions.Select(c => c.Name).Order(StringComparer.Ordinal)))}");
        if (!_conditions.Contains(condition.Title))
        {
            _conditions.Add(condition.Title);
        }

        return condition;
    }

    public LoadException Error(YamlNode node, string problem) => Doc.Error(node, problem);

    public string String(YamlNode node, string what)
    {
        var raw = Doc.Scalar(node, what);
        return OptionReference().Replace(raw, match =>
        {
            var option = Option(node, match.Groups[1].Value);
            return option.Scalar ?? throw Error(node, $"option '{match.Groups[1].Value}' is a list and cannot be used inside {what}");
        });
    }

    public IReadOnlyList<string> StringList(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value } && OptionReference().Match(value) is { Success: true } match
            && match.Value == value && Option(node, match.Groups[1].Value).List is { } list)
        {
            return list;
        }

        if (node is YamlScalarNode)
        {
            return [String(node, what)];
        }

        var sequence = Doc.Sequence(node, what);
        if (sequence.Children.Count == 0)
        {
            throw Error(node, $"{what} must not be an empty list");
        }

        return sequence.Children.SelectMany(child => StringList(child, $"each item of {what}")).ToArray();
    }

    /// <summary>A list of globs, where an item `@name` stands for the globs of a named file set.</summary>
    public IReadOnlyList<string> Globs(YamlNode node, string what)
    {
        var globs = new List<string>();
        foreach (var glob in StringList(node, what))
        {
            if (glob.StartsWith('@'))
            {
                var fileSet = Facts.FileSet(glob[1..]) ?? throw Error(node,
                    $"{what}: unknown file set '{glob}'; the file sets defined are: {(Facts.FileSets.Count == 0 ? "none" : string.Join(", ", Facts.FileSets.Select(set => "@" + set.Name).Order(StringComparer.Ordinal)))}");
                globs.AddRange(fileSet.Globs);
                continue;
            }

            if (Snapshot.Globs.Validate(glob) is { } problem)
            {
                throw Error(node, $"{what}: {problem}");
            }

            globs.Add(glob);
        }

        return globs;
    }

    public RulePattern Regex(YamlNode node, string what)
    {
        var pattern = String(node, what);
        var compiled = RulePattern.TryCompile(pattern, out var problem) ?? throw Error(node, $"{what}: {problem}");
        if (pattern.Length > LongPatternChars && !CommentedForm().IsMatch(pattern))
        {
            _warnings.Add(new LoadWarning(Doc.File, (int)node.Start.Line, (int)node.Start.Column,
                $"{what} is {pattern.Length} characters on one line; write it in `(?x)` form with a comment per alternative"));
        }

        return compiled;
    }

    public long Size(YamlNode node, string what)
    {
        var text = String(node, what);
        return Sizes.TryParse(text, out var bytes) ? bytes : throw Error(node, $"{what} must be a size such as 10MB or 512KB, found '{text}'");
    }

    public int Integer(YamlNode node, string what, int min, int max)
    {
        var text = String(node, what);
        if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(node, $"{what} must be a whole number from {min} to {max}, found '{text}'");
        }

        return value;
    }

    public double Fraction(YamlNode node, string what)
    {
        var text = String(node, what);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0 || value > 1)
        {
            throw Error(node, $"{what} must be a number from 0 to 1, found '{text}'");
        }

        return value;
    }

    public bool Boolean(YamlNode node, string what) => String(node, what) switch
    {
        "true" or "True" or "yes" => true,
        "false" or "False" or "no" => false,
        var other => throw Error(node, $"{what} must be true or false, found '{other}'"),
    };

    public IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> Arguments(YamlNode node, string primitive, string[] allowed, string[] required)
    {
        var mapping = Doc.Mapping(node, $"the arguments of '{primitive}'");
        var entries = Doc.Entries(mapping, $"'{primitive}'", allowed);
        foreach (var name in required)
        {
            if (!entries.ContainsKey(name))
            {
                throw Error(node, $"'{primitive}' needs '{name}'");
            }
        }

        return entries;
    }

    private OptionValue Option(YamlNode node, string name) =>
        options.TryGetValue(name, out var value)
            ? value
            : throw Error(node, $"unknown option '{name}'; the rule's options are: {(options.Count == 0 ? "none" : string.Join(", ", options.Keys))}");

    /// <summary>A pattern that opens with inline options that turn on x: (?x), (?ix), (?xi).</summary>
    [GeneratedRegex(@"\A\s*\(\?[imns]*x[imnsx]*\)")]
    private static partial Regex CommentedForm();

    [GeneratedRegex(@"\$\{options\.([A-Za-z0-9_]+)\}")]
    private static partial Regex OptionReference();
}
