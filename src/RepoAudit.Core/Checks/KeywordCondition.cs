using System.Globalization;
using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A condition on one keyword argument of a call: `{ name: validation_split, value: "> 0" }`. The value is
/// `present` (the default), `not none` (given, and not None / NULL / nothing), a comparison `> N`, `>= N`, `< N`,
/// `<= N` (the argument must be a number literal), `== literal` or `!= literal` (quotes do not matter: "x" equals
/// 'x'), or `{ matches: REGEX }` (also written as the string `matches: REGEX`) on the value's text.
/// </summary>
public sealed partial class KeywordCondition
{
    private readonly Func<string?, bool> _test;

    private KeywordCondition(string name, string description, Func<string?, bool> test)
    {
        Name = name;
        Description = description;
        _test = test;
    }

    public string Name { get; }

    /// <summary>What the condition asks, for summaries: `validation_split > 0`.</summary>
    public string Description { get; }

    public bool Holds(CodeCall call) => _test(call.Keyword(Name));

    public static KeywordCondition Parse(CheckReader reader, YamlNode node, string what)
    {
        var args = reader.Arguments(node, what, ["name", "value"], ["name"]);
        var name = reader.String(args["name"].Value, $"'{what}.name'");
        if (!KeywordName().IsMatch(name))
        {
            throw reader.Error(args["name"].Value, $"'{what}.name' must be an argument name such as validation_split, found '{name}'");
        }

        if (!args.TryGetValue("value", out var value))
        {
            return new KeywordCondition(name, $"{name}=…", v => v is not null);
        }

        if (value.Value is YamlMappingNode)
        {
            var matches = reader.Arguments(value.Value, $"{what}.value", ["matches"], ["matches"]);
            return Matching(name, reader.Regex(matches["matches"].Value, $"'{what}.value.matches'"));
        }

        var condition = reader.String(value.Value, $"'{what}.value'").Trim();
        if (condition.StartsWith("matches:", StringComparison.Ordinal))
        {
            var pattern = condition["matches:".Length..].Trim();
            return Matching(name, RulePattern.TryCompile(pattern, out var problem) ?? throw reader.Error(value.Value, $"'{what}.value': {problem}"));
        }

        if (condition == "present")
        {
            return new KeywordCondition(name, $"{name}=…", v => v is not null);
        }

        if (condition == "not none")
        {
            return new KeywordCondition(name, $"{name} not None", v => v is not null && Unquote(v) is not ("None" or "NULL" or "nothing" or "missing"));
        }

        var comparison = Comparison().Match(condition);
        if (!comparison.Success)
        {
            throw reader.Error(value.Value, $"'{what}.value' must be present, not none, a comparison (> 0, >= 1, < 5, <= 5, == 'adam', != None) or matches: REGEX; found '{condition}'");
        }

        var op = comparison.Groups[1].Value;
        var operand = comparison.Groups[2].Value.Trim();
        if (op is "==" or "!=")
        {
            var equal = op == "==";
            return new KeywordCondition(name, $"{name} {op} {operand}", v => v is not null && SameLiteral(v, operand) == equal);
        }

        if (Number(operand) is not { } bound)
        {
            throw reader.Error(value.Value, $"'{what}.value': '{op}' compares with a number, found '{operand}'");
        }

        Func<double, bool> compare = op switch
        {
            ">" => n => n > bound,
            ">=" => n => n >= bound,
            "<" => n => n < bound,
            _ => n => n <= bound,
        };
        return new KeywordCondition(name, $"{name} {op} {operand}", v => v is not null && Number(v) is { } n && compare(n));
    }

    private static KeywordCondition Matching(string name, RulePattern pattern) =>
        new(name, $"{name} matching '{pattern}'", v => v is not null && pattern.IsMatch(v));

    private static bool SameLiteral(string value, string literal) =>
        Number(value) is { } a && Number(literal) is { } b ? a == b : Unquote(value) == Unquote(literal);

    private static string Unquote(string text)
    {
        text = text.Trim();
        return text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0] ? text[1..^1] : text;
    }

    /// <summary>A number literal as Python, R or Julia write it (1_000, 1e-3, 5L, -0.5), or null.</summary>
    private static double? Number(string text)
    {
        var cleaned = text.Trim().Replace("_", "", StringComparison.Ordinal).TrimEnd('L');
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    [GeneratedRegex(@"\A(>=|<=|==|!=|>|<)\s*(\S.*)\z", RegexOptions.Singleline)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\A[A-Za-z_.][A-Za-z0-9_.!]*\z")]
    private static partial Regex KeywordName();
}
