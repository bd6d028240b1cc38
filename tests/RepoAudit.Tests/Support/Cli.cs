using System.Diagnostics;

namespace RepoAudit.Tests.Support;

public sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real `repoaudit` executable (the built CLI next to the tests) as a separate process.</summary>
public static class RepoAuditCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "repoaudit.dll");

    public static CliRun Run(params string[] args) => Run(args, workingDirectory: null);

    public static CliRun Run(IReadOnlyList<string> args, string? workingDirectory, IReadOnlyDictionary<string, string?>? env = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"repoaudit {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}
