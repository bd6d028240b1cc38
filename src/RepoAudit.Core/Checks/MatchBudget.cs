namespace RepoAudit.Core.Checks;

/// <summary>
/// How long one match of a rule pattern may run: <see cref="Cpu"/> of the thread's CPU time, so that a loaded machine
/// does not turn a fine pattern into a spurious `error`, and never much more than <see cref="WallLimit"/> of wall-clock
/// time, so that hostile input stays bounded even when no CPU clock is available. A regex can only be stopped by its
/// wall-clock timeout, so a match runs with a timeout of Cpu x scale (scale 1 first); when it stops there, the thread's
/// CPU time for that attempt decides whether it was slow (it had its budget: give up) or starved (it had only a share of a
/// core: run again with a timeout long enough for the budget at that share).
/// </summary>
public sealed record MatchBudget(TimeSpan Cpu, TimeSpan WallLimit)
{
    /// <summary>
    /// Within this fraction of the budget an attempt counts as having had all of it: a regex looks at its clock only every
    /// so often, and clocks tick coarsely, so an attempt on an idle core measures a little under its timeout.
    /// </summary>
    public const double Tolerance = 0.9;

    /// <summary>The largest timeout, as a multiple of <see cref="Cpu"/>, that fits in the wall-clock limit (at least 1).</summary>
    public int MaxScale => Math.Max(1, (int)(WallLimit / Cpu));

    /// <summary>
    /// After an attempt run with a timeout of Cpu x <paramref name="scale"/> stopped at that timeout: the scale to run it
    /// again with, or null when the pattern is too slow. <paramref name="attemptCpu"/> is that attempt's CPU time (null when
    /// unknown: then the wall clock is all there is, and the attempt counts as having had its budget),
    /// <paramref name="attemptWall"/> its wall-clock time, and <paramref name="wallSpent"/> the time of every attempt so far.
    /// Scales are powers of two, so a pattern keeps a handful of compiled regexes at most.
    /// </summary>
    public int? Retry(int scale, TimeSpan? attemptCpu, TimeSpan attemptWall, TimeSpan wallSpent)
    {
        if (attemptCpu is not { } cpu || cpu >= Cpu * Tolerance || wallSpent >= WallLimit || scale >= MaxScale)
        {
            return null;
        }

        // The share of a core the attempt had; at that share the budget needs Cpu / share of wall-clock time.
        var share = Math.Max(cpu / attemptWall, 1.0 / MaxScale);
        var next = scale * 2;
        while (next * share < 1 && next < MaxScale)
        {
            next *= 2;
        }

        return Math.Min(next, MaxScale);
    }

    /// <summary>What ran out when a match was given up, for the rule's message ("took longer than ...").</summary>
    public string Describe(TimeSpan? attemptCpu, TimeSpan wallSpent) => attemptCpu switch
    {
        null => $"{Seconds(Cpu)} s",
        { } cpu when cpu >= Cpu * Tolerance => $"{Seconds(Cpu)} s of CPU time",
        _ => $"{Seconds(wallSpent)} s on a machine too busy to give it {Seconds(Cpu)} s of CPU time",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
