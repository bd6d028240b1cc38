using System.Globalization;
using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A condition on one argument of a call. `keyword: { name: validation_split, value: "> 0" }` asks of a keyword
/// argument; `argument: { position: 1, name: seed, value: not none }` asks of the first positional argument, or of the
/// keyword `name` when the caller binds the same parameter by name (`set_seed(seed=42)`). The value is `present` (the
/// default), `not none` (given, and not None / NULL / nothing), a comparison `> N`, `>= N`, `< N`, `<= N` (the
/// argument must be a number literal), `== literal` or `!= literal` (quotes do not matter: "x" equals 'x'),
/// `{ matches: REGEX }` (also written as the string `matches: REGEX`) on the value's text, or `absent`: the call does
/// not pass it (`load_dataset(name)` without `data_files=`, which would make the name a file format). `any_argument: { value }`
/// asks it of every argument, positional or keyword, and holds when one meets it (`evaluate(model, val_loader)`).
/// </summary>
public sealed partial class ArgumentCondition
{
    private readonly Func<CodeCall, bool> _holds;

    private ArgumentCondition(string description, Func<CodeCall, string?> argument, Func<string?, bool> test)
        : this(description, call => test(argument(call)))
    {
    }

    private ArgumentCondition(string description, Func<CodeCall, bool> holds)
    {
        Description = description;
        _holds = holds;
    }

    /// <summary>What the condition asks, for summaries: `validation_split > 0`, `argument 1 not None`.</summary>
    public string Description { get; }

    public bool Holds(CodeCall call) => _holds(call);

    /// <summary>`keyword: { name, value? }`: the keyword argument `name`.</summary>
    public static ArgumentCondition ParseKeyword(CheckReader reader, YamlNode node, string what)
    {
        var args = reader.Arguments(node, what, ["name", "value"], ["name"]);
        var name = Name(reader, args["name"].Value, what);
        var (description, test) = Value(reader, args.TryGetValue("value", out var value) ? value.Value : null, what, name);
        return new ArgumentCondition(description, call => call.Keyword(name), test);
    }

    /// <summary>`argument: { position, name?, value? }`: the position-th positional argument (1-based), or the keyword `name`.</summary>
    public static ArgumentCondition ParsePositional(CheckReader reader, YamlNode node, string what)
    {
        var args = reader.Arguments(node, what, ["position", "name", "value"], ["position"]);
        var position = reader.Integer(args["position"].Value, $"'{what}.position'", 1, StructureReader.MaxArguments);
        var name = args.TryGetValue("name", out var named) ? Name(reader, named.Value, what) : null;
        var label = name is null ? $"argument {position}" : $"argument {position} ({name})";
        var (description, test) = Value(reader, args.TryGetValue("value", out var value) ? value.Value : null, what, label);
        return new ArgumentCondition(description, call => Positional(call, position) ?? (name is null ? null : call.Keyword(name)), test);
    }

    /// <summary>`any_argument: { value }`: some argument of the call, positional or keyword.</summary>
    public static ArgumentCondition ParseAny(CheckReader reader, YamlNode node, string what)
    {
        var args = reader.Arguments(node, what, ["value"], ["value"]);
        var (description, test) = Value(reader, args["value"].Value, what, "an argument");
        return new ArgumentCondition(description, call =>
        {
            foreach (var argument in call.Arguments)
            {
                if (test(argument.Value))
                {
                    return true;
                }
            }

            return false;
        });
    }

    private static string? Positional(CodeCall call, int position) =>
        call.Arguments.Where(argument => argument.Keyword is null).Skip(position - 1).FirstOrDefault()?.Value;

    private static string Name(CheckReader reader, YamlNode node, string what)
    {
        var name = reader.String(node, $"'{what}.name'");
        return KeywordName().IsMatch(name)
            ? name
            : throw reader.Error(node, $"'{what}.name' must be an argument name such as validation_split, found '{name}'");
    }

    /// <summary>The condition on the argument's value, and how summaries describe it.</summary>
    private static (string Description, Func<string?, bool> Test) Value(CheckReader reader, YamlNode? value, string what, string name)
    {
        if (value is null)
        {
            return ($"{name}=…", v => v is not null);
        }

        if (value is YamlMappingNode)
        {
            var matches = reader.Arguments(value, $"{what}.value", ["matches"], ["matches"]);
            return Matching(name, reader.Regex(matches["matches"].Value, $"'{what}.value.matches'"));
        }

        var condition = reader.String(value, $"'{what}.value'").Trim();
        if (condition.StartsWith("matches:", StringComparison.Ordinal))
        {
            var pattern = condition["matches:".Length..].Trim();
            return Matching(name, RulePattern.TryCompile(pattern, out var problem) ?? throw reader.Error(value, $"'{what}.value': {problem}"));
        }

        if (condition == "present")
        {
            return ($"{name}=…", v => v is not null);
        }

        if (condition == "absent")
        {
            return ($"no {name}", v => v is null);
        }

        if (condition == "not none")
        {
            return ($"{name} not None", v => v is not null && Unquote(v) is not ("None" or "NULL" or "nothing" or "missing"));
        }

        var comparison = Comparison().Match(condition);
        if (!comparison.Success)
        {
            throw reader.Error(value, $"'{what}.value' must be present, absent, not none, a comparison (> 0, >= 1, < 5, <= 5, == 'adam', != None) or matches: REGEX; found '{condition}'");
        }

        var op = comparison.Groups[1].Value;
        var operand = comparison.Groups[2].Value.Trim();
        if (op is "==" or "!=")
        {
            var equal = op == "==";
            return ($"{name} {op} {operand}", v => v is not null && SameLiteral(v, operand) == equal);
        }

        if (Number(operand) is not { } bound)
        {
            throw reader.Error(value, $"'{what}.value': '{op}' compares with a number, found '{operand}'");
        }

        Func<double, bool> compare = op switch
        {
            ">" => n => n > bound,
            ">=" => n => n >= bound,
            "<" => n => n < bound,
            _ => n => n <= bound,
        };
        return ($"{name} {op} {operand}", v => v is not null && Number(v) is { } n && compare(n));
    }

    private static (string, Func<string?, bool>) Matching(string name, RulePattern pattern) =>
        ($"{name} matching '{pattern}'", v => v is not null && pattern.IsMatch(v));

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
