namespace RepoAudit.Tests.Reports;

/// <summary>
/// A test that needs a real browser: Debian's headless Chromium at /usr/bin/chromium, which `.ci/run` installs.
/// Where it is missing the test is reported as skipped with the reason, rather than passing without checking anything.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"needs headless Chromium at {Chromium} (apt-get install chromium; .ci/run installs it)";
        }
    }
}
