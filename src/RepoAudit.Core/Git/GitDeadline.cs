using System.Diagnostics;
using System.Globalization;

namespace RepoAudit.Core.Git;

/// <summary>
/// A time limit on a running git process: when it passes, the process is killed, so whoever reads its output sees the
/// end of the stream instead of waiting for ever. <see cref="ThrowIfPassed"/> then turns that into a
/// <see cref="GitTimeoutException"/>. A process that finished after the limit counts as timed out too, so a limit is
/// never raced by a fast command. <see cref="Restart"/> and <see cref="Pause"/> give a long-lived process one limit per
/// request, so it may wait idle between requests for as long as its owner likes.
/// </summary>
public sealed class GitDeadline : IDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _limit;
    private readonly string _what;
    private readonly Timer _timer;
    private readonly Stopwatch _clock = new();
    private volatile bool _killed;

    internal GitDeadline(Process process, TimeSpan limit, string what, bool armed)
    {
        _process = process;
        _limit = limit;
        _what = what;
        _timer = new Timer(_ => Kill(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (armed)
        {
            Restart();
        }
    }

    public bool Passed => _killed || _clock.Elapsed > _limit;

    public void Restart()
    {
        _clock.Restart();
        _timer.Change(_limit, Timeout.InfiniteTimeSpan);
    }

    public void Pause()
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _clock.Stop();
    }

    public void ThrowIfPassed()
    {
        if (Passed)
        {
            Kill();
            throw new GitTimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{_what} did not finish within its time limit of {_limit.TotalSeconds:0.###} s and was stopped (raise it with --git-timeout)"));
        }
    }

    private void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _timer.Dispose();
}
