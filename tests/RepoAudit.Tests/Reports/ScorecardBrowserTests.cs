using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Reports;

/// <summary>
/// The HTML scorecard in a real browser (headless Chromium), offline: every host name resolves to nothing, so any
/// request the page made would fail and be logged. Screenshots land in `artifacts/scorecards/` for people to look at.
/// </summary>
public sealed partial class ScorecardBrowserTests
{
    private static readonly string Artifacts = Path.Combine(Paths.RepositoryRoot, "artifacts", "scorecards");

    [BrowserFact]
    public void SampleScorecard_LoadsOffline_WithNoConsoleMessages_AndShowsScoreAndEveryCategory()
    {
        using var repo = Samples.AsRepository("notebook-sprawl");
        Directory.CreateDirectory(Artifacts);
        var page = Path.Combine(Artifacts, "notebook-sprawl.html");
        var json = Path.Combine(Artifacts, "notebook-sprawl.json");
        var scan = RepoAuditCli.Run("scan", repo.Path, "--report", $"html={page}", "--report", $"json={json}", "--quiet");
        scan.ExitCode.ShouldBe(1, scan.Stderr);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;

        var (dom, log) = Chromium("--dump-dom", new Uri(page).AbsoluteUri);

        ConsoleMessages(log).ShouldBeEmpty("the page logs nothing: no script error, no blocked request, no CSP violation");
        var score = report.GetProperty("score").GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
        dom.ShouldContain($">{score}</text>", Case.Sensitive, "the score in the ring");
        dom.ShouldContain($"<span class=\"grade-letter\">{report.GetProperty("grade").GetString()}</span>");
        dom.ShouldContain("Gate failed");
        foreach (var category in report.GetProperty("categories").EnumerateArray())
        {
            var title = category.GetProperty("title").GetString();
            dom.ShouldContain($"cat-{category.GetProperty("id").GetString()}-title\">{title}</h2>", Case.Sensitive, "the category's section");
            dom.ShouldContain($">{title}</text>", Case.Sensitive, "the category's bar in the chart");
        }

        Scorecards.AssertSelfContained(File.ReadAllText(page));
        Screenshot(page, "notebook-sprawl-desktop.png", "1280,2000");
        Screenshot(page, "notebook-sprawl-phone.png", "390,1600");
        Screenshot(page, "notebook-sprawl-dark.png", "1280,1400", "--force-dark-mode");
    }

    [BrowserFact]
    public void HostileScorecard_RunsNoInjectedScript_AndCreatesNoInjectedElement()
    {
        using var repo = Scorecards.HostileRepository();
        Directory.CreateDirectory(Artifacts);
        var page = Path.Combine(Artifacts, "hostile.html");
        var scan = RepoAuditCli.Run("scan", repo.Path, "--no-builtin-rules", "--rules", Scorecards.HostilePack(repo), "--report", $"html={page}", "--quiet");
        scan.ExitCode.ShouldBe(1, scan.Stderr);

        var (dom, log) = Chromium("--dump-dom", new Uri(page).AbsoluteUri);

        ConsoleMessages(log).ShouldBeEmpty("an injected script would run (and alert) or be blocked by the CSP, and either is logged");
        Regex.Matches(dom, "<script", RegexOptions.IgnoreCase).Count.ShouldBe(1);
        dom.ShouldNotContain("<img", Case.Insensitive);
        dom.ShouldNotContain("<b ", Case.Insensitive);
        Regex.IsMatch(dom, @"<[a-z][^>]*\son\w+\s*=", RegexOptions.IgnoreCase).ShouldBeFalse("no element carries an event handler");
        dom.ShouldContain("&lt;img src=x onerror=alert(1)&gt;.py:2", Case.Sensitive, "the hostile file name, as text");
        Screenshot(page, "hostile-desktop.png", "1280,1800");
    }

    private static void Screenshot(string page, string name, string size, params string[] extra)
    {
        var file = Path.Combine(Artifacts, name);
        File.Delete(file);

        Chromium([.. extra, "--hide-scrollbars", $"--window-size={size}", $"--screenshot={file}", new Uri(page).AbsoluteUri]);

        new FileInfo(file).Length.ShouldBeGreaterThan(20_000, $"{name} should be a picture of the page");
    }

    /// <summary>Runs headless Chromium offline with its own profile and returns stdout and its log.</summary>
    internal static (string Stdout, string Log) Chromium(params string[] args)
    {
        using var profile = new TempFolder("chromium");
        var info = new ProcessStartInfo(BrowserFactAttribute.Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])
                 [
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     $"--user-data-dir={profile.Path}", "--enable-logging=stderr", "--v=0",
                     // No name resolves, so a request anywhere would fail, and the failure would be logged.
                     "--host-resolver-rules=MAP * ~NOTFOUND",
                     .. args,
                 ])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', args)} did not finish in 90 seconds");
        }

        process.WaitForExit();
        return (stdout.Result, stderr.Result);
    }

    /// <summary>Chromium logs every console message, failed request and CSP violation of the page as `INFO:CONSOLE`.</summary>
    internal static string[] ConsoleMessages(string log) => log.Split('\n').Where(line => ConsoleLine().IsMatch(line)).ToArray();

    [GeneratedRegex(@":CONSOLE(\(\d+\)|:\d+)?\]")]
    private static partial Regex ConsoleLine();
}
