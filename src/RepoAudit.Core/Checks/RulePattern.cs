using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A regex from a rule, matched so that it is cheap on small repositories, fast on large ones, and can never hang a scan.
/// Two engines, because neither is right alone. The backtracking interpreter is built in microseconds, which matters
/// because the built-in pack has hundreds of patterns and is loaded on every run; but on a big alternation behind a
/// greedy prefix (`^[^#\n]*(pd\.read_csv|...)`) it retries the alternation at every character, and a pattern such as
/// `(a+)+$` can take forever. The non-backtracking engine matches in time linear in the input, but costs 10-200 ms to
/// build. So a pattern starts on the interpreter and moves for good to the linear engine once its matches there have
/// taken <see cref="LinearEngineAfter"/> in all, about what the build costs (so a pattern costs at most about twice what
/// the cheaper engine would have cost it, and one that is cheap on the interpreter never pays for the build), or as soon
/// as one match runs past <see cref="BacktrackingBudget"/>. Only a pattern the linear engine cannot express (lookarounds,
/// backreferences) that runs past the budget escapes as a <see cref="PatternTimeoutException"/>, which ends its rule with
/// an `error` naming the rule. Budgets count the thread's CPU time (<see cref="MatchBudget"/>), so a busy machine slows a
/// match down without failing it.
/// <para>
/// Before either engine runs, the pattern's <see cref="LiteralPrefilter"/> looks for the literals every match contains:
/// text without them is skipped, and a pattern that cannot match a line break runs only on the lines that hold one.
/// Most files hold none of a rule's words, so most regex work is never done; the matches are the same either way.
/// </para>
/// </summary>
public sealed class RulePattern
{
    public static readonly MatchBudget BacktrackingBudget = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    /// <summary>The most one match may take on the linear engine.</summary>
    public static readonly MatchBudget LinearBudget = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(16));

    /// <summary>
    /// How long a pattern's matches may take on the interpreter before it moves to the linear engine. Moving after 32 KB
    /// of input instead built the linear engine for 35 patterns on pytorch-lightning's work tree (1.3 s), most of which
    /// had spent under 3 ms on the interpreter until then. A replay of every match of a scan on both engines
    /// (tests/bench/results.md, perf13) put the least total cost at 2-5 ms: a pattern slow on the interpreter is
    /// 10-20 times faster on the linear engine, and 20 ms spent before moving cost more than the few builds it saved.
    /// </summary>
    public static readonly TimeSpan LinearEngineAfter = TimeSpan.FromMilliseconds(5);

    private const RegexOptions Options = RegexOptions.Multiline | RegexOptions.CultureInvariant;

    // The patterns that hold a linear engine (weak: a pack nobody uses is still freed), the work being done now (see
    // UsedBy), and the work that used this pattern's linear engine last.
    private static readonly ConditionalWeakTable<RulePattern, object?> HoldingLinear = [];
    private static readonly AsyncLocal<object?> CurrentUser = new();
    private object? _linearUser;

    private readonly BudgetedRegex _backtracking;
    private readonly long _prefilterAfterChars;
    private long _charsOffered;
    private LiteralPrefilter? _prefilter;
    private bool _prefilterBuilt;
    private readonly long _linearAfterTicks;
    private readonly Lock _linearBuild = new();
    private BudgetedRegex? _linear;
    private bool _linearUnavailable;
    private long _backtrackingTicks;

    private RulePattern(BudgetedRegex backtracking, long prefilterAfterChars, TimeSpan linearAfter)
    {
        _backtracking = backtracking;
        _prefilterAfterChars = prefilterAfterChars;
        _linearAfterTicks = (long)(linearAfter.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// A pattern reads this much text before it gets its prefilter: building one (a vectorised search for its literals)
    /// costs more than a small project's whole regex work, and hundreds of patterns are loaded on every run.
    /// </summary>
    public const long PrefilterAfterChars = 64 * 1024;

    /// <summary>The literals every match contains, looked for before the regex runs; null when the pattern has none.</summary>
    public LiteralPrefilter? Prefilter => Volatile.Read(ref _prefilterBuilt) ? _prefilter : BuildPrefilter();

    // The prefilter, once this pattern has been offered enough text to be worth building it.
    private LiteralPrefilter? PrefilterFor(long length) =>
        Volatile.Read(ref _prefilterBuilt) ? _prefilter
        : Interlocked.Add(ref _charsOffered, length) < _prefilterAfterChars ? null
        : BuildPrefilter();

    private LiteralPrefilter? BuildPrefilter()
    {
        // Two threads may both build it; they build the same one.
        _prefilter = LiteralPrefilter.For(Text);
        Volatile.Write(ref _prefilterBuilt, true);
        return _prefilter;
    }

    public string Text => _backtracking.Text;

    /// <summary>The pattern as the rule wrote it, for messages and evidence.</summary>
    public override string ToString() => Text;

    /// <summary>Compiles a pattern; null with the problem when it is not a valid .NET regex.</summary>
    public static RulePattern? TryCompile(string pattern, out string? problem) => TryCompile(pattern, PrefilterAfterChars, out problem);

    /// <summary>
    /// As <see cref="TryCompile(string, out string?)"/>, with the prefilter after <paramref name="prefilterAfterChars"/>
    /// and the linear engine after <paramref name="linearAfter"/> (for tests: zero uses each from the first match on).
    /// </summary>
    internal static RulePattern? TryCompile(string pattern, long prefilterAfterChars, out string? problem, TimeSpan? linearAfter = null)
    {
        try
        {
            problem = null;
            return new RulePattern(new BudgetedRegex(pattern, Options, BacktrackingBudget), prefilterAfterChars, linearAfter ?? LinearEngineAfter);
        }
        catch (ArgumentException ex)
        {
            problem = $"invalid regex '{pattern}': {ex.Message}";
            return null;
        }
    }

    public Match Match(string input)
    {
        foreach (var region in Regions(input))
        {
            if (Run(regex => regex.Match(input, region.Start, region.Length)) is { Success: true } found)
            {
                return found;
            }
        }

        return System.Text.RegularExpressions.Match.Empty;
    }

    public bool IsMatch(string input) =>
        Regions(input).Any(region => Run(regex => regex.IsMatch(input.AsSpan(region.Start, region.Length))));

    /// <summary>All matches, found eagerly so that a timeout happens here rather than later during enumeration.</summary>
    public IReadOnlyList<Match> Matches(string input) =>
        [.. Regions(input).SelectMany(region => Run(regex => MatchesIn(regex, input, region)))];

    private static List<Match> MatchesIn(Regex regex, string input, Region region)
    {
        var found = new List<Match>();
        for (var match = regex.Match(input, region.Start, region.Length); match.Success; match = match.NextMatch())
        {
            found.Add(match);
        }

        return found;
    }

    /// <summary>A part of the input to match in.</summary>
    private readonly record struct Region(int Start, int Length);

    /// <summary>
    /// Where a match can be: the whole input when there is no prefilter; nothing when the input lacks the literals; for
    /// a pattern that cannot cross a line break, only the lines that hold one.
    /// </summary>
    private IEnumerable<Region> Regions(string input) => PrefilterFor(input.Length) switch
    {
        null => [new Region(0, input.Length)],
        { LineLocal: true } lineLocal => lineLocal.CandidateLines(input).Select(line => new Region(line.Start, line.Length)),
        { } prefilter => prefilter.MayMatch(input) ? [new Region(0, input.Length)] : [],
    };

    private T Run<T>(Func<Regex, T> match)
    {
        if (Volatile.Read(ref _linear) is { } linear)
        {
            NoteUser();
            return linear.Run(match);
        }

        if (Volatile.Read(ref _backtrackingTicks) >= _linearAfterTicks && Linear() is { } linearNow)
        {
            NoteUser();
            return linearNow.Run(match);
        }

        // Wall-clock time, read from a clock that costs nanoseconds: on a busy machine a pattern moves a little early.
        var started = Stopwatch.GetTimestamp();
        try
        {
            return _backtracking.Run(match);
        }
        catch (PatternTimeoutException) when (Linear() is { } fallback)
        {
            return fallback.Run(match);
        }
        finally
        {
            Interlocked.Add(ref _backtrackingTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private BudgetedRegex? Linear()
    {
        if (Volatile.Read(ref _linearUnavailable))
        {
            return null;
        }

        // Built once: two threads that reach it together would both pay for the build.
        lock (_linearBuild)
        {
            if (_linear is not null || _linearUnavailable)
            {
                return _linear;
            }

            try
            {
                Volatile.Write(ref _linear, new BudgetedRegex(Text, Options | RegexOptions.NonBacktracking, LinearBudget));
                HoldingLinear.AddOrUpdate(this, null);
                return _linear;
            }
            catch (NotSupportedException)
            {
                Volatile.Write(ref _linearUnavailable, true);
                return null;
            }
        }
    }

    // Written only when it changes: the secret scan's workers use the same patterns all the time.
    private void NoteUser()
    {
        if (CurrentUser.Value is { } user && !ReferenceEquals(Volatile.Read(ref _linearUser), user))
        {
            Volatile.Write(ref _linearUser, user);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (a rule's evaluation) as <paramref name="user"/>: the linear engines it uses, also
    /// on the threads it starts, are marked as used by it, so that <see cref="ReleaseLinearEnginesOf"/> can let them go
    /// when it is done.
    /// </summary>
    public static T UsedBy<T>(object user, Func<T> work)
    {
        var before = CurrentUser.Value;
        CurrentUser.Value = user;
        try
        {
            return work();
        }
        finally
        {
            CurrentUser.Value = before;
        }
    }

    /// <summary>
    /// Lets go of the linear engines that <paramref name="user"/>, now done, was the last to use. A linear engine holds
    /// 1-16 MB of state tables and caches (the 19 that a scan of pytorch-lightning builds about 100 MB together, half
    /// of its live heap), and a scan used to keep them all to its end, although each is needed only while the rules
    /// that use it run. A pattern used again later builds its engine again at its next match (it has already spent
    /// its time on the interpreter), so a release costs at most a build, never a different match: both engines find
    /// the same matches.
    /// </summary>
    public static void ReleaseLinearEnginesOf(object user)
    {
        foreach (var (pattern, _) in HoldingLinear)
        {
            lock (pattern._linearBuild)
            {
                if (ReferenceEquals(Volatile.Read(ref pattern._linearUser), user))
                {
                    Volatile.Write(ref pattern._linear, null);
                    Volatile.Write(ref pattern._linearUser, null);
                    HoldingLinear.Remove(pattern);
                }
            }
        }
    }

    /// <summary>Whether the pattern holds its linear engine now.</summary>
    internal bool HasLinearEngine => Volatile.Read(ref _linear) is not null;

    /// <summary>
    /// One engine of a pattern, run within a <see cref="MatchBudget"/>: a match that stops at its wall-clock timeout while
    /// its thread had only a share of a core runs again with a longer one. The regexes with the longer timeouts are built
    /// only when a busy machine needs them.
    /// </summary>
    private sealed class BudgetedRegex
    {
        private readonly RegexOptions _options;
        private readonly MatchBudget _budget;
        private readonly Regex _first;
        private readonly ConcurrentDictionary<int, Regex> _longer = new();

        public BudgetedRegex(string pattern, RegexOptions options, MatchBudget budget)
        {
            _options = options;
            _budget = budget;
            _first = new Regex(pattern, options, budget.Cpu);
        }

        public string Text => _first.ToString();

        private Regex At(int scale) => scale == 1 ? _first : _longer.GetOrAdd(scale, s => new Regex(Text, _options, _budget.Cpu * s));

        public T Run<T>(Func<Regex, T> match)
        {
            var scale = 1;
            var spent = TimeSpan.Zero;
            while (true)
            {
                // A reading up to 10 ms old: at most 10 ms of earlier work counts against the 0.5 s budget.
                var cpuBefore = ThreadCpuClock.Recent(TimeSpan.FromMilliseconds(10));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    return match(At(scale));
                }
                catch (RegexMatchTimeoutException ex)
                {
                    var wall = Stopwatch.GetElapsedTime(started);
                    var cpu = ThreadCpuClock.Now() - cpuBefore;
                    spent += wall;
                    if (_budget.Retry(scale, cpu, wall, spent) is not { } next)
                    {
                        throw new PatternTimeoutException(ex.Input, Text, _budget.Cpu, _budget.Describe(cpu, spent));
                    }

                    scale = next;
                }
            }
        }
    }
}

/// <summary>A rule pattern that ran past its <see cref="MatchBudget"/> and was stopped; <see cref="Limit"/> says what ran out.</summary>
public sealed class PatternTimeoutException(string input, string pattern, TimeSpan budget, string limit)
    : RegexMatchTimeoutException(input, pattern, budget)
{
    public string Limit => limit;
}
