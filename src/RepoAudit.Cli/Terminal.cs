namespace RepoAudit.Cli;

/// <summary>What the terminal allows: colour only on a real terminal without NO_COLOR; progress only on an interactive stderr.</summary>
public static class Terminal
{
    public static bool UseColor(TextWriter writer) =>
        writer == Console.Out && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>
    /// Progress on stderr: one line overwriting itself when a person is watching a terminal; when asked for
    /// (<paramref name="forced"/>, e.g. in a CI log) and stderr is not a terminal, plain lines: the first of each stage,
    /// then at most one a second.
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
        private string? _topic;

        public bool Overwrites => overwrite;

        /// <summary>What a progress message is about: its text up to the first digit ("history: ", "[").</summary>
        private static string Topic(string value) => value[..(value.IndexOfAny("0123456789".ToCharArray()) is var digit and >= 0 ? digit : value.Length)];

        public void Report(string value)
        {
            lock (_gate)
            {
                if (overwrite)
                {
                    var line = value.Length > 70 ? value[..70] : value;
                    stderr.Write($"\r\u001b[2Kscanning: {line}");
                }
                else if (Topic(value) != _topic || _sinceLast.Elapsed >= LogInterval)
                {
                    // A log keeps every stage's first line and then at most a line a second.
                    stderr.WriteLine($"scanning: {value}");
                    _topic = Topic(value);
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
