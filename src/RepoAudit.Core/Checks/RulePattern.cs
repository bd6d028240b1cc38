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
/// <para>
/// Before either engine runs, the pattern's <see cref="LiteralPrefilter"/> looks for the literals every match contains:
/// text without them is skipped, and a pattern that cannot match a line break runs only on the lines that hold one.
/// Most files hold none of a rule's words, so most regex work is never done; the matches are the same either way.
/// </para>
/// </summary>
public sealed class RulePattern
{
    public static readonly TimeSpan BacktrackingBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>The most one match may take on the linear engine.</summary>
    public static readonly TimeSpan LinearTimeout = TimeSpan.FromSeconds(2);

    public const long LinearEngineAfterChars = 32 * 1024;

    private const RegexOptions Options = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    private readonly Regex _backtracking;
    private readonly LiteralPrefilter? _prefilter;
    private Regex? _linear;
    private bool _linearUnavailable;
    private long _charsRead;

    private RulePattern(Regex backtracking)
    {
        _backtracking = backtracking;
        _prefilter = LiteralPrefilter.For(backtracking.ToString());
    }

    /// <summary>The literals every match contains, looked for before the regex runs; null when the pattern has none.</summary>
    public LiteralPrefilter? Prefilter => _prefilter;

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

    public Match Match(string input)
    {
        switch (_prefilter)
        {
            case null:
                return Run(input.Length, regex => regex.Match(input));
            case { LineLocal: true } lineLocal:
                foreach (var (start, length) in lineLocal.CandidateLines(input))
                {
                    if (Run(OnOneLine, regex => regex.Match(input, start, length)) is { Success: true } found)
                    {
                        return found;
                    }
                }

                return System.Text.RegularExpressions.Match.Empty;
            default:
                return _prefilter.MayMatch(input) ? Run(input.Length, regex => regex.Match(input)) : System.Text.RegularExpressions.Match.Empty;
        }
    }

    public bool IsMatch(string input) => _prefilter is { LineLocal: true }
        ? Match(input).Success
        : (_prefilter is null || _prefilter.MayMatch(input)) && Run(input.Length, regex => regex.IsMatch(input));

    /// <summary>All matches, found eagerly so that a timeout happens here rather than later during enumeration.</summary>
    public IReadOnlyList<Match> Matches(string input)
    {
        switch (_prefilter)
        {
            case null:
                return Run<IReadOnlyList<Match>>(input.Length, regex => regex.Matches(input).ToList());
            case { LineLocal: true } lineLocal:
                var found = new List<Match>();
                foreach (var (start, length) in lineLocal.CandidateLines(input))
                {
                    found.AddRange(Run(OnOneLine, regex =>
                    {
                        var onLine = new List<Match>();
                        for (var match = regex.Match(input, start, length); match.Success; match = match.NextMatch())
                        {
                            onLine.Add(match);
                        }

                        return onLine;
                    }));
                }

                return found;
            default:
                return _prefilter.MayMatch(input) ? Run<IReadOnlyList<Match>>(input.Length, regex => regex.Matches(input).ToList()) : [];
        }
    }

    // Runs on single lines are short: the backtracker's cost there is bounded by the line, so they do not count towards
    // moving the pattern to the linear engine (whose build would cost more than they do); its time budget still holds.
    private const int OnOneLine = 0;

    private T Run<T>(int length, Func<Regex, T> match)
    {
        if (_linear is { } linear)
        {
            return match(linear);
        }

        if (Interlocked.Add(ref _charsRead, length) > LinearEngineAfterChars && Linear() is { } linearNow)
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
