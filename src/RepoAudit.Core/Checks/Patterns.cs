using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Every regex a rule supplies is compiled here, with a match timeout, so that no rule (built-in or a team's) can hang a
/// scan with a catastrophic pattern: a match that runs past the timeout stops the rule with an `error` outcome that
/// names it (see RuleEvaluator). The backtracking interpreter is used on purpose: the non-backtracking engine would
/// make every match linear, but building it costs 10-100 ms per pattern, which made loading the built-in pack take
/// seconds on every run.
/// </summary>
public static class Patterns
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private const RegexOptions Options = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    /// <summary>Compiles a pattern; null with the problem when it is invalid.</summary>
    public static Regex? TryCompile(string pattern, out string? problem)
    {
        try
        {
            problem = null;
            return new Regex(pattern, Options, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            problem = $"invalid regex '{pattern}': {ex.Message}";
            return null;
        }
    }

    /// <summary>The 1-based line number of a character index.</summary>
    public static int LineAt(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>The trimmed line around a character index, shortened for evidence.</summary>
    public static string LineTextAt(string text, int index, int maxLength = 120)
    {
        var start = index <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1) + 1;
        var end = text.IndexOf('\n', Math.Min(index, text.Length));
        var line = text[start..(end < 0 ? text.Length : end)].Trim();
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }
}
