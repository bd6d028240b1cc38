using System.CommandLine;
using RepoAudit.Cli.Commands;
using RepoAudit.Core.Git;
using RepoAudit.Core.Text;

namespace RepoAudit.Cli;

/// <summary>Exit codes of the CLI contract.</summary>
public static class ExitCodes
{
    public const int GatePassed = 0;
    public const int GateFailed = 1;
    public const int CannotRun = 2;
}

/// <summary>Builds the command tree, parses, and turns every failure into a message and exit code 2, never a stack trace.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "RepoAudit audits a machine-learning repository against engineering best practice (data splits, versioned data, " +
            "experiment tracking, reproducibility, CI and tests, containers, documentation, evaluation, secrets and large files " +
            "in git history) and prints a scorecard. It reads files and git history only; it never runs the repository's code.")
        {
            ScanCommand.Create(stdout, stderr),
            RulesCommand.Create(stdout, stderr),
            InitCommand.Create(stdout, stderr),
            GithubCommand.Create(stdout, stderr),
            TrendCommand.Create(stdout, stderr),
            PortfolioCommand.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"repoaudit: {error.Message}");
            }

            stderr.WriteLine("Run `repoaudit --help` (or `repoaudit COMMAND --help`) for usage.");
            return ExitCodes.CannotRun;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (LoadException ex)
        {
            stderr.WriteLine($"repoaudit: {ex.Message}");
            return ExitCodes.CannotRun;
        }
        catch (RepoAudit.Core.Engine.BaselineNotFoundException ex)
        {
            stderr.WriteLine($"repoaudit: {ex.Message}");
            return ExitCodes.CannotRun;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"repoaudit: {ex.Message}");
            return ExitCodes.CannotRun;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or GitUnavailableException)
        {
            stderr.WriteLine($"repoaudit: {ex.Message}");
            return ExitCodes.CannotRun;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("REPOAUDIT_DEBUG") is null)
        {
            stderr.WriteLine($"repoaudit: internal error: {ex.GetType().Name}: {ex.Message}");
            stderr.WriteLine("This is a bug in RepoAudit; set REPOAUDIT_DEBUG=1 to see the stack trace and please report it.");
            return ExitCodes.CannotRun;
        }
    }
}

/// <summary>A command line that parses but asks for something impossible (a missing folder, an unknown report format).</summary>
public sealed class UsageException(string message) : Exception(message);
