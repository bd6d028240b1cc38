using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A regex from a rule, matched so that no pattern and no input can hang a scan. It starts on .NET's backtracking
/// interpreter, which is cheap to build (the built-in pack has hundreds of patterns, loaded on every run). A match that
/// runs past <see cref="BacktrackingBudget"/> (a catastrophic pattern such as <c>(a+)+$</c>, or a greedy pattern on a
/// multi-megabyte line) switches the pattern for good to the non-backtracking engine, whose matching time is linear in
/// the input; only if that one also runs past <see cref="Patterns.MatchTimeout"/>, or cannot express the pattern
/// (lookarounds, backreferences), does the timeout escape, and the rule ends with an `error` outcome that names it.
/// </summary>
public sealed class RulePattern
{
    public static readonly TimeSpan BacktrackingBudget = TimeSpan.FromMilliseconds(500);

    private const RegexOptions Options = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    private readonly Regex _backtracking;
    private Regex? _linear;
    private bool _linearUnavailable;

    private RulePattern(Regex backtracking) => _backtracking = backtracking;

    public string Text => _backtracking.ToString();

    /// <summary>Compiles a pattern; null with the problem when it is not a valid .NET regex.</summary>
    public static RulePattern? TryCompile(string pattern, out string? problem)
    {
        try
        {
            problem = null;
            return new RulePattern(new Regex(pattern, Options, BacktrackingBudget));
        }
        catch (ArgumentException ex)
        {
            problem = $"invalid regex '{pattern}': {ex.Message}";
            return null;
        }
    }

    public Match Match(string input) => Run(regex => regex.Match(input));

    public bool IsMatch(string input) => Run(regex => regex.IsMatch(input));

    /// <summary>All matches, found eagerly so that a timeout happens here rather than later during enumeration.</summary>
    public IReadOnlyList<Match> Matches(string input) => Run<IReadOnlyList<Match>>(regex => regex.Matches(input).ToList());

    private T Run<T>(Func<Regex, T> match)
    {
        if (_linear is { } linear)
        {
            return match(linear);
        }

        try
        {
            return match(_backtracking);
        }
        catch (RegexMatchTimeoutException) when (Linear() is { } fallback)
        {
            return match(fallback);
        }
    }

    private Regex? Linear()
    {
        if (_linearUnavailable)
        {
            return null;
        }

        try
        {
            return _linear = new Regex(Text, Options | RegexOptions.NonBacktracking, Patterns.MatchTimeout);
        }
        catch (NotSupportedException)
        {
            _linearUnavailable = true;
            return null;
        }
    }
}
