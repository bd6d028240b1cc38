using System.Text.Json;
using System.Text.RegularExpressions;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Reports;

/// <summary>The HTML and Markdown scorecards of one scan, with the JSON report of the same scan beside them.</summary>
public sealed record RenderedScorecard(string Html, string Markdown, JsonElement Json, CliRun Run);

/// <summary>
/// Builds what the scorecard tests render: the samples under the frozen approval pack, and a hostile repository whose
/// file names, commit messages, branch, notebook and rule texts all try to inject HTML, script or Markdown.
/// </summary>
public static partial class Scorecards
{
    public static string ApprovalPack => Path.Combine(Paths.RepositoryRoot, "tests", "RepoAudit.Tests", "Reports", "ApprovalPack");

    /// <summary>Scans a folder once and returns all three reports of that scan.</summary>
    public static RenderedScorecard Scan(string folder, params string[] extra)
    {
        using var output = new TempFolder("scorecard");
        var html = Path.Combine(output.Path, "report.html");
        var markdown = Path.Combine(output.Path, "report.md");
        var json = Path.Combine(output.Path, "report.json");
        var run = RepoAuditCli.Run(["scan", folder, "--report", $"html={html}", "--report", $"markdown={markdown}", "--report", $"json={json}", "--quiet", .. extra], null);
        run.ExitCode.ShouldBeOneOf([0, 1], run.Stderr);
        return new RenderedScorecard(File.ReadAllText(html), File.ReadAllText(markdown), JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone(), run);
    }

    /// <summary>
    /// A sample copied into a plain folder (no git, so this checkout's moving HEAD cannot show up) and scanned with the
    /// approval pack alone, whose output changes only when the tests mean it to.
    /// </summary>
    public static RenderedScorecard ApprovalSample(string sample)
    {
        using var folder = new TempFolder("approval");
        var root = Path.Combine(folder.Path, sample);
        Copy(Path.Combine(Paths.Samples, sample), root);
        var scan = Scan(root, "--no-builtin-rules", "--rules", Path.Combine(ApprovalPack, "rules"), "--config", Path.Combine(ApprovalPack, "repoaudit.yml"));
        return scan with { Html = Scrub(scan.Html, root), Markdown = Scrub(scan.Markdown, root) };
    }

    public const string HostileFileName = "<img src=x onerror=alert(1)>.py";
    public const string HostileCommit = "</script><script>alert('commit')</script> | **bold** @octocat [x](javascript:alert(1))";
    public const string HostileBranch = "feature/<svg/onload=alert(1)>";

    /// <summary>A git repository in which every string the reports show from it is an injection attempt.</summary>
    public static GitRepo HostileRepository()
    {
        var repo = new GitRepo("hostile");
        repo.Git("checkout", "-q", "-b", HostileBranch);
        repo.Git("config", "user.name", "<img src=x onerror=alert('author')> | Mallory");
        repo.Write("README.md", "# Demo\n").Commit("initial");
        repo.Write(HostileFileName, "import os\nprint(\"</script><script>alert('code')</script>\")  # | pipe `tick` </details>\n")
            .Commit(HostileCommit);
        repo.Write("notebooks/<b onmouseover=alert(1)>nb.ipynb", HostileNotebook)
            .Commit("notebook ``` fence </details><details open> <!-- comment\n\n# a heading in the body");
        repo.Write("team-rules/EVIL001-evil-texts.yml", HostileRule)
            .Write("team-rules/EVIL002-tests-with-code.yml", CochangeRule)
            .Write("team-rules/EVIL003-notebooks-clean.yml", NotebookRule)
            .Commit("add the team's rules");
        return repo;
    }

    /// <summary>The hostile repository's own rule pack: script and Markdown in every text a pack controls.</summary>
    public static string HostilePack(GitRepo repo) => Path.Combine(repo.Path, "team-rules");

    public const string HostileFolderName = "<img src=x onerror=alert('folder')> & co";

    /// <summary>The hostile repository, cloned into a folder whose name is hostile too, scanned with its own pack only.</summary>
    public static RenderedScorecard HostileScan()
    {
        using var repo = HostileRepository();
        using var parent = new TempFolder("hostile-clone");
        GitRepo.RunGit(parent.Path, ["clone", "-q", repo.Path, HostileFolderName]);
        var root = Path.Combine(parent.Path, HostileFolderName);
        var scan = Scan(root, "--no-builtin-rules", "--rules", HostilePack(repo));
        return scan with { Html = Scrub(scan.Html, root), Markdown = Scrub(scan.Markdown, root) };
    }

    private const string HostileNotebook = """
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": 1,
           "metadata": {},
           "outputs": [
            { "output_type": "display_data", "data": { "text/html": ["<script>alert('output')</script>"], "text/plain": ["</details>"] }, "metadata": {} }
           ],
           "source": ["x = '<script>alert(\"nb\")</script>'  # </details> | ` alert"]
          }
         ],
         "metadata": {},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    private const string CochangeRule = """
        id: EVIL002
        name: tests-with-code
        title: Code changes come with tests
        category: ci
        severity: warning
        why: Untested changes break things.
        fix: Change a test with the code.
        check:
          history_cochange: { code: ["**/*.py", "**/*.ipynb"], tests: ["tests/**"], commits: 10, min_share: 0.5 }
        """;

    private const string NotebookRule = """
        id: EVIL003
        name: notebooks-clean
        title: Notebooks carry no outputs
        category: reproducibility
        severity: warning
        why: Outputs leak data.
        fix: Strip them with `nbstripout`.
        check:
          notebooks: { outputs: stripped }
        """;

    private const string HostileRule = """
        id: EVIL001
        name: evil-texts
        title: "Hostile <script>alert('title')</script> | pipe `tick` </details>"
        category: security
        severity: error
        why: |
          <img src=x onerror=alert('why')> and </details> and [click](javascript:alert(1)) and <!-- comment
        fix: |
          Run `</script><script>alert('fix')</script>` then:

          ```html
          </details><script>alert('block')</script>
          ```

          - item <b>bold</b> | pipe
          - [a link](https://example.com/?q=<x>&y="z")
        messages:
          fail: "Found <script>alert('message')</script> | `x` in the code"
        help_uri: "https://example.com/rules/EVIL001?a=1&b=2"
        check:
          not:
            contains: { files: ["**/*.py", "**/*.ipynb"], pattern: 'alert' }
        """;

    /// <summary>
    /// Replaces what changes from run to run with placeholders: the scanned folder, timestamps, durations, the tool
    /// version, commit ids, the page's CSP nonce and the rule-set hash (it changes with every edit to the built-in pack;
    /// the page's layout is what is approved).
    /// </summary>
    public static string Scrub(string text, string root)
    {
        // The folder holding the scanned one is a fresh temp folder; the scanned folder's own name is part of the test.
        text = text.Replace(Path.GetDirectoryName(root)!, "[tmp]", StringComparison.Ordinal);
        text = Nonce().Replace(text, "${name}[nonce]");
        text = IsoTime().Replace(text, "[time]");
        text = DisplayTime().Replace(text, "[time]");
        text = Duration().Replace(text, "in [duration]");
        text = Version().Replace(text, "repoaudit [version]");
        text = RuleSetHash().Replace(text, "sha256:[rule-set]");
        text = LongSha().Replace(text, "[commit]");
        return ShortSha().Replace(text, "[commit]");
    }

    /// <summary>
    /// Nothing in the page loads anything: no resource attribute, stylesheet link, import or CSS url, and the only
    /// attributes that hold a web address are link targets. (Text from the repository cannot fake one: `=` is escaped.)
    /// </summary>
    public static void AssertSelfContained(string html)
    {
        html.ShouldNotContain("src=", Case.Insensitive);
        foreach (var tag in new[] { "<link", "<iframe", "<object", "<embed", "<img", "<video", "<audio", "<source", "<base", "<form" })
        {
            html.ShouldNotContain(tag, Case.Insensitive);
        }

        html.ShouldNotContain("@import", Case.Insensitive);
        html.ShouldNotContain("url(", Case.Insensitive);
        WebAttribute().Matches(html).Select(match => match.Groups["name"].Value).Distinct().ShouldBeSubsetOf(["href"]);
        html.ShouldContain("Content-Security-Policy\" content=\"default-src 'none';");
    }

    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"\s(?<name>[a-zA-Z:-]+)\s*=\s*""?https?://")]
    private static partial Regex WebAttribute();

    [GeneratedRegex(@"(?<name>nonce-|nonce="")[0-9a-f]{32}")]
    private static partial Regex Nonce();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")]
    private static partial Regex DisplayTime();

    [GeneratedRegex(@"in \d+(\.\d+)? (ms|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"repoaudit \d+\.\d+\.\d+")]
    private static partial Regex Version();

    [GeneratedRegex(@"sha256:[0-9a-f]{16}\b")]
    private static partial Regex RuleSetHash();

    [GeneratedRegex(@"\b[0-9a-f]{40}\b")]
    private static partial Regex LongSha();

    [GeneratedRegex(@"\b[0-9a-f]{12}\b")]
    private static partial Regex ShortSha();
}
