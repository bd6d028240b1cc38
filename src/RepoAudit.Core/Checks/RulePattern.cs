using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A regex from a rule, matched so that it is cheap on small repositories, fast on large ones, and can never hang a scan.
/// Two engines, because neither is right alone. The backtracking interpreter is built in microseconds, which matters
/// because the built-in pack has hundreds of patterns and is loaded on every run; but on a big alternation behind a
/// greedy prefix (`^[^#\n]*(pd\.read_csv|...)`) it retries the alternation at every character, and a pattern such as
/// `(a+)+$` can take forever. The non-backtracking engine matches in time linear in the input, but costs 10-100 ms to
/// build. So a pattern starts on the interpreter and moves for good to the linear engine once it has read
/// <see cref="LinearEngineAfterChars"/> characters (a large repository pays the build cost once per pattern) or as soon
/// as one match runs past <see cref="BacktrackingBudget"/>. Only a pattern the linear engine cannot express (lookarounds,
/// backreferences) that runs past the budget escapes as a timeout, which ends its rule with an `error` naming the rule.
/// </summary>
public sealed class RulePattern
{
    public static readonly TimeSpan BacktrackingBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>The most one match may take on the linear engine.</summary>
    public static readonly TimeSpan LinearTimeout = TimeSpan.FromSeconds(2);

    public const long LinearEngineAfterChars = 32 * 1024;

    private const RegexOptions Options = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    private readonly Regex _backtracking;
    private Regex? _linear;
    private bool _linearUnavailable;
    private long _charsRead;

    private RulePattern(Regex backtracking) => _backtracking = backtracking;

    public string Text => _backtracking.ToString();

    /// <summary>The pattern as the rule wrote it, for messages and evidence.</summary>
    public override string ToString() => Text;

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

    public Match Match(string input) => Run(input, regex => regex.Match(input));

    public bool IsMatch(string input) => Run(input, regex => regex.IsMatch(input));

    /// <summary>All matches, found eagerly so that a timeout happens here rather than later during enumeration.</summary>
    public IReadOnlyList<Match> Matches(string input) => Run<IReadOnlyList<Match>>(input, regex => regex.Matches(input).ToList());

    private T Run<T>(string input, Func<Regex, T> match)
    {
        if (_linear is { } linear)
        {
            return match(linear);
        }

        if (Interlocked.Add(ref _charsRead, input.Length) > LinearEngineAfterChars && Linear() is { } linearNow)
        {
            return match(linearNow);
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
            return _linear = new Regex(Text, Options | RegexOptions.NonBacktracking, LinearTimeout);
        }
        catch (NotSupportedException)
        {
            _linearUnavailable = true;
            return null;
        }
    }
}
