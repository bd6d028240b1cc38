namespace RepoAudit.Cli;

/// <summary>What the terminal allows: colour only on a real terminal without NO_COLOR; progress only on an interactive stderr.</summary>
public static class Terminal
{
    public static bool UseColor(TextWriter writer) =>
        writer == Console.Out && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>
    /// Progress on stderr: one line overwriting itself when a person is watching a terminal; when asked for
    /// (<paramref name="forced"/>, e.g. in a CI log) and stderr is not a terminal, plain lines, at most one a second.
    /// </summary>
    public static IProgress<string>? Progress(TextWriter stderr, bool quiet, bool forced = false)
    {
        if (quiet)
        {
            return null;
        }

        var terminal = stderr == Console.Error && !Console.IsErrorRedirected;
        return terminal ? new ProgressLine(stderr, overwrite: true) : forced ? new ProgressLine(stderr, overwrite: false) : null;
    }

    private sealed class ProgressLine(TextWriter stderr, bool overwrite) : IProgress<string>
    {
        private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(1);
        private readonly Lock _gate = new();
        private readonly System.Diagnostics.Stopwatch _sinceLast = new();

        public bool Overwrites => overwrite;

        public void Report(string value)
        {
            lock (_gate)
            {
                if (overwrite)
                {
                    var line = value.Length > 70 ? value[..70] : value;
                    stderr.Write($"\r\u001b[2Kscanning: {line}");
                }
                else if (!_sinceLast.IsRunning || _sinceLast.Elapsed >= LogInterval)
                {
                    stderr.WriteLine($"scanning: {value}");
                    _sinceLast.Restart();
                }

                stderr.Flush();
            }
        }
    }

    /// <summary>Clears the progress line before the report is printed.</summary>
    public static void EndProgress(TextWriter stderr, IProgress<string>? progress)
    {
        if (progress is ProgressLine { Overwrites: true })
        {
            stderr.Write("\r\u001b[2K");
        }
    }
}
