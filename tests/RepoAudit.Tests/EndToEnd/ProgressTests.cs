using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.EndToEnd;

/// <summary>Progress goes to stderr on a terminal, or when asked for with --progress (as lines a log can keep).</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Progress_WhenAskedFor_ReportsHistoryReads_AsPlainLines()
    {
        using var repo = new GitRepo("progress");
        repo.Write("README.md", "# x\n").Write("train.py", "import torch\n").Commit("init");
        repo.Write("train.py", "import torch\nprint(1)\n").Commit("more");

        var run = RepoAuditCli.Run(["scan", repo.Path, "--format", "json", "--progress"]);

        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        run.Stderr.ShouldContain("scanning: listing files\n");
        run.Stderr.ShouldMatch(@"history: \d+ of \d+ blobs read \([\d,]+ blobs/s\)");
        run.Stderr.ShouldNotContain("\u001b[2K"); // no terminal codes in a log
        System.Text.Json.JsonDocument.Parse(run.Stdout); // the report on stdout is untouched
    }

    [Fact]
    public void Progress_IsSilentWhenStderrIsNotATerminal_AndNotAskedFor()
    {
        using var repo = new GitRepo("quiet");
        repo.Write("README.md", "# x\n").Commit("init");

        var run = RepoAuditCli.Run(["scan", repo.Path, "--format", "json"]);

        run.Stderr.ShouldNotContain("scanning:");
    }
}
