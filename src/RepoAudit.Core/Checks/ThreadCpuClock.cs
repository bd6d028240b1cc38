using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RepoAudit.Core.Checks;

/// <summary>
/// The CPU time the calling thread has used so far. A regex's own timeout counts wall-clock time, which a loaded machine
/// stretches: a match that needs 50 ms of CPU may take a second when other processes have the cores. This clock counts
/// only the work the thread did, so <see cref="MatchBudget"/> can tell "slow" from "starved". Linux and macOS ask
/// clock_gettime(CLOCK_THREAD_CPUTIME_ID), Windows GetThreadTimes; where neither answers, <see cref="Now"/> is null and
/// patterns are timed by the wall clock alone, as a regex timeout would.
/// </summary>
public static class ThreadCpuClock
{
    private static bool _unavailable = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows());

    // The last reading on this thread and when it was taken (Stopwatch ticks), for Recent.
    [ThreadStatic]
    private static (long Taken, TimeSpan? Cpu) _last;

    /// <summary>
    /// A reading of the calling thread's CPU time taken at most <paramref name="maxAge"/> of wall-clock time ago on this
    /// thread. Reading the clock is a system call (about a microsecond), and a scan matches patterns millions of times;
    /// an older reading only makes the next measurement count up to maxAge of CPU time that came before it.
    /// </summary>
    public static TimeSpan? Recent(TimeSpan maxAge)
    {
        var now = Stopwatch.GetTimestamp();
        if (_last.Taken == 0 || Stopwatch.GetElapsedTime(_last.Taken, now) > maxAge)
        {
            _last = (now, Now());
        }

        return _last.Cpu;
    }

    /// <summary>The calling thread's CPU time (user + system), or null when this platform has no such clock.</summary>
    public static TimeSpan? Now()
    {
        if (_unavailable)
        {
            return null;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                return GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user)
                    ? TimeSpan.FromTicks(kernel + user) // both in 100 ns units, as TimeSpan ticks are
                    : Unavailable();
            }

            // The clock's id differs: 3 on Linux, 16 on macOS.
            var clock = OperatingSystem.IsMacOS() ? 16 : 3;
            return ClockGetTime(clock, out var time) == 0
                ? TimeSpan.FromTicks((long)time.Seconds * TimeSpan.TicksPerSecond + (long)time.Nanoseconds / 100)
                : Unavailable();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return Unavailable();
        }
    }

    private static TimeSpan? Unavailable()
    {
        _unavailable = true;
        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    // DllImport rather than LibraryImport: these signatures are blittable, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("kernel32.dll")]
    private static extern nint GetCurrentThread();

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetThreadTimes(nint thread, out long creation, out long exit, out long kernel, out long user);
}
