namespace RepoAudit.Core.Code;

/// <summary>A Makefile rule: its targets share the prerequisites and the recipe (lines with their 1-based numbers).</summary>
public sealed record MakeRule(IReadOnlyList<string> Targets, IReadOnlyList<string> Prerequisites, IReadOnlyList<(int Line, string Text)> Recipe);

/// <summary>
/// The rules of a Makefile, read the way make reads them, without running anything: a rule line is `targets: prerequisites`
/// (or `targets: prerequisites; recipe`), its recipe is the tab-indented lines after it, and a backslash at a line's end
/// continues it. Variable assignments (`X = a:b`, `X := y`), conditionals and includes are not rules. Variables are not
/// expanded. The default goal is the first ordinary target. Bounded: at most <see cref="MaxRules"/> rules.
/// </summary>
public sealed class Makefile
{
    public const int MaxRules = 5_000;

    private readonly Dictionary<string, List<MakeRule>> _byTarget = new(StringComparer.Ordinal);

    private Makefile(IReadOnlyList<MakeRule> rules)
    {
        Rules = rules;
        foreach (var rule in rules)
        {
            foreach (var target in rule.Targets)
            {
                if (!_byTarget.TryGetValue(target, out var list))
                {
                    _byTarget[target] = list = [];
                }

                list.Add(rule);
            }
        }

        DefaultGoal = rules.SelectMany(rule => rule.Targets).FirstOrDefault(target => !target.StartsWith('.') && !target.Contains('%'));
    }

    public IReadOnlyList<MakeRule> Rules { get; }

    /// <summary>The target `make` builds when it is given none.</summary>
    public string? DefaultGoal { get; }

    /// <summary>The rules that build a target (a double-colon target may have several).</summary>
    public IReadOnlyList<MakeRule> RulesFor(string target) => _byTarget.TryGetValue(target, out var rules) ? rules : [];

    public static Makefile Parse(string text)
    {
        var rules = new List<MakeRule>();
        List<(int, string)>? recipe = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && rules.Count < MaxRules; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i].TrimEnd('\r').TrimStart();
            }

            if (line.StartsWith('\t'))
            {
                recipe?.Add((number, line));
                continue;
            }

            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue; // blank lines and comments do not end a recipe
            }

            recipe = null;
            if (ReadRuleLine(line) is { } rule)
            {
                recipe = [];
                if (rule.InlineRecipe is { } inline)
                {
                    recipe.Add((number, "\t" + inline));
                }

                rules.Add(new MakeRule(rule.Targets, rule.Prerequisites, recipe));
            }
        }

        return new Makefile(rules);
    }

    private static (string[] Targets, string[] Prerequisites, string? InlineRecipe)? ReadRuleLine(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        // `X = a:b`, `X := y`, `X ::= y`, `X ?= y` and `X += y` assign variables; a rule's targets hold no '='.
        var head = line[..colon];
        var rest = line[(colon + 1)..];
        if (head.Contains('=') || rest.StartsWith('=') || rest.StartsWith(":="))
        {
            return null;
        }

        if (head.TrimStart().StartsWith("ifeq") || head.TrimStart().StartsWith("define") || head.TrimStart().StartsWith("export "))
        {
            return null;
        }

        rest = rest.StartsWith(':') ? rest[1..] : rest; // a double-colon rule
        string? inline = null;
        var semicolon = rest.IndexOf(';');
        if (semicolon >= 0)
        {
            inline = rest[(semicolon + 1)..].Trim();
            rest = rest[..semicolon];
        }

        var comment = rest.IndexOf('#');
        rest = comment >= 0 ? rest[..comment] : rest;
        var targets = head.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var prerequisites = rest.Split([' ', '\t', '|'], StringSplitOptions.RemoveEmptyEntries);
        return targets.Length == 0 ? null : (targets, prerequisites, inline);
    }
}
