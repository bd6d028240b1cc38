using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace RepoAudit.Core.Git;

/// <summary>The outcome of one git command.</summary>
public sealed record GitOutput(int ExitCode, byte[] Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    public string Text => Encoding.UTF8.GetString(Stdout);

    /// <summary>NUL-separated records (output of `-z` commands), without the trailing empty record.</summary>
    public IEnumerable<string> Records() => Text.Split('\0').Where(record => record.Length > 0);
}

/// <summary>Thrown when git is not installed or cannot be started.</summary>
public sealed class GitUnavailableException(string message) : Exception(message);

/// <summary>
/// Thrown when a git command ran past the runner's time limit and was stopped. An I/O failure like any other for the
/// code that reads git, but the rules that needed the answer say `unknown` (the repository may be fine, just big).
/// </summary>
public sealed class GitTimeoutException(string message) : IOException(message);

/// <summary>
/// The one place that starts git. Every call is read-only and safe on untrusted repositories: no optional locks (so no
/// index refresh), no lazy fetch of missing objects in partial clones, no prompts, no pager, no fsmonitor hook.
/// </summary>
public sealed class GitRunner
{
    private static readonly string[] SafetyConfig =
    [
        "-c", "core.fsmonitor=false",
        "-c", "core.quotepath=off",
        "-c", "core.untrackedCache=false",
        "-c", "gc.auto=0",
        "-c", "maintenance.auto=false",
        "--no-pager",
    ];

    /// <summary>How long one git command may run unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(5);

    public GitRunner(string executable = "git", TimeSpan? timeLimit = null)
    {
        Executable = executable;
        TimeLimit = timeLimit ?? DefaultTimeLimit;
    }

    public string Executable { get; }

    /// <summary>
    /// How long one git command may run: a whole <see cref="Run(string, IReadOnlyList{string}, byte[])"/>, a whole
    /// streamed read, or one request to a long-lived process. Past it the process is killed and the read throws
    /// <see cref="GitTimeoutException"/>.
    /// </summary>
    public TimeSpan TimeLimit { get; }

    public GitOutput Run(string workingDirectory, params string[] args) => Run(workingDirectory, args, stdin: null);

    public GitOutput Run(string workingDirectory, IReadOnlyList<string> args, byte[]? stdin)
    {
        using var process = Start(workingDirectory, args);
        using var deadline = Deadline(process, args);
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdinTask = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    process.StandardInput.BaseStream.Write(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git exited before reading everything; its exit code tells the story.
            }
        });
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        stdinTask.Wait();
        deadline.ThrowIfPassed();
        return new GitOutput(process.ExitCode, stdout.ToArray(), stderrTask.Result.Trim());
    }

    /// <summary>
    /// This runner's time limit for a started process: past it the process is killed. Unless <paramref name="armed"/>,
    /// it starts paused (a long-lived process arms it per request).
    /// </summary>
    public GitDeadline Deadline(Process process, IReadOnlyList<string> args, bool armed = true) =>
        new(process, TimeLimit, $"git {string.Join(' ', args.Take(2))}", armed);

    /// <summary>
    /// <see cref="Start"/> for a command that writes much more than it is asked (blob contents, a whole log): on Linux
    /// its output pipe holds 1 MiB instead of 64 KiB, so git fills it in a few large writes and is switched out far less
    /// often while this process parses. On pytorch-lightning's history the full scan took about a tenth less CPU
    /// (tests/bench/results.md). Where the pipe cannot grow (another OS, a lower pipe-max-size), nothing changes.
    /// </summary>
    public Process StartBulk(string workingDirectory, IReadOnlyList<string> args)
    {
        var process = Start(workingDirectory, args);
        if (OperatingSystem.IsLinux() && process.StandardOutput.BaseStream is PipeStream pipe)
        {
            _ = SetPipeSize(pipe.SafePipeHandle, SetPipeSizeCommand, BulkPipeBytes); // -1 (EPERM) keeps the default
        }

        return process;
    }

    private const int SetPipeSizeCommand = 1031; // F_SETPIPE_SZ (linux/fcntl.h)
    private const int BulkPipeBytes = 1 << 20;   // the default /proc/sys/fs/pipe-max-size, open to any user

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int SetPipeSize(SafePipeHandle pipe, int command, int bytes);

    /// <summary>Starts git with redirected streams; the caller streams input and output and disposes it.</summary>
    public Process Start(string workingDirectory, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var arg in SafetyConfig)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["GIT_NO_LAZY_FETCH"] = "1";
        info.Environment["GIT_ALLOW_PROTOCOL"] = ""; // and no transport at all, for gits older than GIT_NO_LAZY_FETCH
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["LC_ALL"] = "C";
        info.Environment.Remove("GIT_DIR");
        info.Environment.Remove("GIT_WORK_TREE");
        info.Environment.Remove("GIT_INDEX_FILE");

        try
        {
            return Process.Start(info) ?? throw new GitUnavailableException("git could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new GitUnavailableException($"git is not installed or not on PATH ({ex.Message})");
        }
    }
}
