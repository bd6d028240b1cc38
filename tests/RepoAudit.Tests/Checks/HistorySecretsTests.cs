using RepoAudit.Core.Checks;
using RepoAudit.Core.Text;
using RepoAudit.Tests.Support;
using static RepoAudit.Tests.Support.TestRules;

namespace RepoAudit.Tests.Checks;

public sealed class HistorySecretsTests
{
    private const string Regex = @"(?i)\b[a-z_]*token\s*=\s*""(?<secret>[A-Za-z0-9]{16,})""";

    private static CheckResult Scan(string path, string yaml) => EvaluateIn(path, yaml, useHistory: true);

    private static string Pattern(string? keywords) =>
        $"history_secrets: {{ patterns: [ {{ id: token, regex: '{Regex}', min_entropy: 3{(keywords is null ? "" : $", keywords: {keywords}")} }} ] }}";

    [Fact]
    public void Keywords_FindTheSameSecretsOnTheSameLines_AsReadingWholeBlobs()
    {
        using var repo = new GitRepo();
        var filler = string.Concat(Enumerable.Range(0, 300).Select(i => $"x_{i} = {i}  # tokenizer settings\n"));
        repo.Write("config.py", filler + "HF_TOKEN = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n" + filler).Commit("add config");
        repo.Write("config.py", filler).Write("other.py", "TOKEN = \"aB3dE6gH9jK2mN5pQ8sT\"\n").Commit("move the token");

        var whole = Scan(repo.Path, Pattern(null));
        var windowed = Scan(repo.Path, Pattern("[token]"));

        windowed.Verdict.ShouldBe(Verdict.DoesNotHold);
        windowed.Evidence.Select(e => (e.Path, e.Line, e.Commit, e.Detail)).ShouldBe(whole.Evidence.Select(e => (e.Path, e.Line, e.Commit, e.Detail)));
        windowed.Evidence.Select(e => (e.Path, e.Line)).ShouldBe([("config.py", 301), ("other.py", 1)], ignoreOrder: true);
    }

    [Fact]
    public void LaterVersions_OfASecretKeptThroughThem_ReportItAsReadingEveryVersionWholeDoes()
    {
        // Each version shares most of its lines with the one before: later versions search only what changed.
        using var repo = new GitRepo();
        var head = string.Concat(Enumerable.Range(0, 200).Select(i => $"a_{i} = {i}  # tokenizer\n"));
        var tail = string.Concat(Enumerable.Range(0, 200).Select(i => $"b_{i} = {i}  # token count\n"));
        const string Secret = "HF_TOKEN = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n";
        repo.Write("config.py", head + Secret + tail).Commit("add the token");
        repo.Write("config.py", "import os\n" + head + Secret + tail).Commit("an import above it");
        repo.Write("config.py", "import os\n" + head + Secret + tail + "c = 3\n").Commit("a line at the end");
        repo.Write("config.py", "import os\n" + head + "x = 1\n" + Secret + tail + "c = 3\n").Commit("a line just above it");
        var added = repo.Git("log", "--format=%H", "-1").Trim();

        var whole = Scan(repo.Path, Pattern(null));
        var windowed = Scan(repo.Path, Pattern("[token]"));

        windowed.Verdict.ShouldBe(Verdict.DoesNotHold);
        windowed.Evidence.Select(e => (e.Path, e.Line, e.Commit, e.Detail)).ShouldBe(whole.Evidence.Select(e => (e.Path, e.Line, e.Commit, e.Detail)));
        // One finding: the first in history order (newest first), on its line in that version.
        windowed.Evidence.Select(e => (e.Path, e.Line, e.Commit)).ShouldBe([("config.py", 203, added)]);
    }

    [Fact]
    public void LaterVersions_FindASecretOnALineNewInThem()
    {
        using var repo = new GitRepo();
        var head = string.Concat(Enumerable.Range(0, 200).Select(i => $"a_{i} = {i}  # tokenizer\n"));
        var tail = string.Concat(Enumerable.Range(0, 200).Select(i => $"b_{i} = {i}  # token count\n"));
        repo.Write("config.py", head + tail).Commit("no token");
        repo.Write("config.py", head + "HF_TOKEN = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n" + tail).Commit("add the token");
        var added = repo.Git("log", "--format=%H", "-1").Trim();
        repo.Write("config.py", head + tail + "c = 3\n").Commit("remove it");
        repo.Write("config.py", head + tail + "c = 4\n").Commit("more versions after it");

        var found = Scan(repo.Path, Pattern("[token]"));

        found.Verdict.ShouldBe(Verdict.DoesNotHold);
        found.Evidence.Select(e => (e.Path, e.Line, e.Commit)).ShouldBe([("config.py", 201, added)]);
    }

    [Fact]
    public void Keywords_APatternAnchoredToItsInput_IsStillMatchedWindowByWindow()
    {
        // \A holds at the start of each window: screening runs of windows joined together would miss the third one.
        using var repo = new GitRepo();
        repo.Write("config.py", "token = 1\ntoken = 2\nplain\ntoken = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n").Commit("add config");
        const string Yaml = """history_secrets: { patterns: [ { id: token, regex: '\Atoken = "(?<secret>[A-Za-z0-9]{16,})"', min_entropy: 3, keywords: [token], lines_after: 0 } ] }""";

        var found = Scan(repo.Path, Yaml);

        found.Verdict.ShouldBe(Verdict.DoesNotHold);
        found.Evidence.Single().Line.ShouldBe(4);
    }

    [Fact]
    public void Keywords_ThatABlobDoesNotContain_KeepTheRegexOffIt()
    {
        using var repo = new GitRepo();
        repo.Write("config.py", "HF_TOKEN = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n").Commit("add config");

        Scan(repo.Path, Pattern("[hf_token]")).Verdict.ShouldBe(Verdict.DoesNotHold);
        Scan(repo.Path, Pattern("[api_token]")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void LinesAfter_SetsHowFarPastItsKeywordAPatternReads()
    {
        using var repo = new GitRepo();
        repo.Write("key.txt", "-----BEGIN KEY-----\n\nAbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n").Commit("key");
        string Yaml(int lines) =>
            $"history_secrets: {{ patterns: [ {{ id: key, regex: 'BEGIN KEY-----\\s*(?<secret>[A-Za-z0-9]{{20,}})', keywords: [BEGIN KEY], lines_after: {lines} }} ] }}";

        Scan(repo.Path, Yaml(1)).Verdict.ShouldBe(Verdict.Holds);
        var found = Scan(repo.Path, Yaml(2));
        found.Verdict.ShouldBe(Verdict.DoesNotHold);
        found.Evidence.Single().Line.ShouldBe(1);
    }

    [Fact]
    public void BinaryBlobs_AreSkippedByTheirFirstBytes()
    {
        using var repo = new GitRepo();
        repo.Write("notes.txt", "\0\0HF_TOKEN = \"Zx8kLm2Qp9Rt4Vw7Yb3N\"\n").Commit("binary");

        Scan(repo.Path, Pattern("[token]")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Theory]
    [InlineData("['']", "non-empty string on one line")]
    [InlineData("[]", "must not be an empty list")]
    [InlineData("{ a: b }", "keywords")]
    public void Keywords_ThatAreNotUsable_AreLoadErrorsWithTheirPosition(string keywords, string problem)
    {
        var error = Should.Throw<LoadException>(() => Check(Pattern(keywords)));

        error.Problem.ShouldContain(problem);
        error.Line.ShouldBe(1);
        error.Column.ShouldBeGreaterThan(1);
    }
}
