namespace RepoAudit.Cli;

/// <summary>What the terminal allows: colour only on a real terminal without NO_COLOR; progress only on an interactive stderr.</summary>
public static class Terminal
{
    public static bool UseColor(TextWriter writer) =>
        writer == Console.Out && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Progress lines on stderr, overwriting each other, only when a person is watching.</summary>
    public static IProgress<string>? Progress(TextWriter stderr, bool quiet)
    {
        if (quiet || stderr != Console.Error || Console.IsErrorRedirected)
        {
            return null;
        }

        return new ProgressLine(stderr);
    }

    private sealed class ProgressLine(TextWriter stderr) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                var line = value.Length > 70 ? value[..70] : value;
                stderr.Write($"\r\u001b[2Kscanning: {line}");
                stderr.Flush();
            }
        }
    }

    /// <summary>Clears the progress line before the report is printed.</summary>
    public static void EndProgress(TextWriter stderr, IProgress<string>? progress)
    {
        if (progress is not null)
        {
            stderr.Write("\r\u001b[2K");
        }
    }
}
