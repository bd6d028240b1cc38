using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Action;

/// <summary>
/// The Action's logic (`repoaudit github`) under a simulated runner: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, an event payload,
/// INPUT_* variables exactly as action.yml passes them.
/// </summary>
public sealed class GithubActionTests
{
    private sealed class Runner : IDisposable
    {
        private readonly TempFolder _temp = new("runner");

        public string Output => Path.Combine(_temp.Path, "output.txt");
        public string Summary => Path.Combine(_temp.Path, "summary.md");

        public CliRun Run(string workspace, Dictionary<string, string?> inputs, string? baseSha = null)
        {
            var env = new Dictionary<string, string?>
            {
                ["GITHUB_WORKSPACE"] = workspace,
                ["GITHUB_OUTPUT"] = Output,
                ["GITHUB_STEP_SUMMARY"] = Summary,
                ["RUNNER_TEMP"] = _temp.Path,
                ["GITHUB_EVENT_NAME"] = baseSha is null ? "push" : "pull_request",
            };
            if (baseSha is not null)
            {
                env["GITHUB_EVENT_PATH"] = _temp.Write("event.json", "{\"pull_request\": {\"number\": 7, \"base\": {\"sha\": \"" + baseSha + "\", \"ref\": \"main\"}}}");
            }

            foreach (var (name, value) in inputs)
            {
                env[$"INPUT_{name.ToUpperInvariant()}"] = value;
            }

            return RepoAuditCli.Run(["github"], workspace, env);
        }

        public Dictionary<string, string> Outputs() => File.ReadAllLines(Output)
            .Select(line => line.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts[1]);

        public void Dispose() => _temp.Dispose();
    }

    private static GitRepo Project(bool withCi)
    {
        var repo = new GitRepo("action");
        repo.Write("README.md", "# Demo\n\n## Setup\n\npip install -r requirements.txt\n\n## Usage\n\npython train.py\n")
            .Write("LICENSE", "MIT License\n\nCopyright (c) 2026 Demo\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n")
            .Write("requirements.txt", "numpy==1.26.4\n")
            .Write("tests/test_x.py", "def test_x():\n    assert True\n");
        if (withCi)
        {
            repo.Write(".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n");
        }

        repo.Commit("init");
        return repo;
    }

    private static readonly Dictionary<string, string?> ErrorsOnly = new() { ["fail-on"] = "error" };

    [Fact]
    public void GatePasses_OutputsAndSummaryAreWritten()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: true);

        var run = runner.Run(repo.Path, new() { ["fail-on"] = "never", ["json-file"] = "out/audit.json", ["sarif-file"] = "out/audit.sarif" });

        run.ExitCode.ShouldBe(0, run.Stderr);
        var outputs = runner.Outputs();
        outputs["passed"].ShouldBe("true");
        double.Parse(outputs["score"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(0, 100);
        outputs["grade"].ShouldBeOneOf("A", "B", "C", "D", "F");
        outputs["json-file"].ShouldBe(Path.Combine(repo.Path, "out", "audit.json"));
        File.Exists(outputs["sarif-file"]).ShouldBeTrue();
        File.ReadAllText(runner.Summary).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void GateFails_StepFailsWithAnAnnotationPerFailingRule()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: false);

        var run = runner.Run(repo.Path, ErrorsOnly);

        run.ExitCode.ShouldBe(1);
        runner.Outputs()["passed"].ShouldBe("false");
        run.Stdout.ShouldContain("::error title=CI001 A CI pipeline is configured::");
        run.Stdout.ShouldNotContain("::error title=DOC002"); // it passes here
    }

    [Fact]
    public void PullRequestWithANewFailure_FailsOnlyOnTheNewOne()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: false);
        var baseSha = repo.Git("rev-parse", "HEAD").Trim();
        repo.Write("deploy.py", "TOKEN = \"ghp_Zq8RkVn3LpX2cT7wYb5MhJd9Fs4Ge6Ua1NoP\"\n").Commit("add deploy script");

        var run = runner.Run(repo.Path, ErrorsOnly, baseSha);

        run.ExitCode.ShouldBe(1);
        run.Stdout.ShouldContain("::error file=deploy.py,line=1,title=SEC001");
        run.Stdout.ShouldNotContain("title=CI001"); // failing before the pull request too
        run.Stdout.ShouldNotContain("ghp_Zq8RkVn3LpX2cT7wYb5MhJd9Fs4Ge6Ua1NoP");
    }

    [Fact]
    public void PullRequestWithOnlyOldFailures_Passes()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: false);
        var baseSha = repo.Git("rev-parse", "HEAD").Trim();
        repo.Write("train.py", "print('training')\n").Commit("feature");

        var run = runner.Run(repo.Path, ErrorsOnly, baseSha);

        run.ExitCode.ShouldBe(0, run.Stdout + run.Stderr);
        runner.Outputs()["passed"].ShouldBe("true");
    }

    [Fact]
    public void PullRequestWhoseBaseIsNotFetched_ExitsTwoWithAnErrorAnnotation()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: true);

        var run = runner.Run(repo.Path, ErrorsOnly, baseSha: "0123456789abcdef0123456789abcdef01234567");

        run.ExitCode.ShouldBe(2);
        run.Stdout.ShouldContain("::error title=RepoAudit could not run::");
        run.Stdout.ShouldContain("fetch-depth: 0");
    }

    [Fact]
    public void PullRequestThatChangesTheConfig_IsReportedAndCannotSwitchOffTheGate()
    {
        using var runner = new Runner();
        using var repo = Project(withCi: true);
        var baseSha = repo.Git("rev-parse", "HEAD").Trim();
        repo.Delete(".github/workflows/ci.yml").Write(".repoaudit.yml", "rules:\n  CI001: { enabled: false }\n").Commit("quietly drop CI");

        var run = runner.Run(repo.Path, ErrorsOnly, baseSha);

        run.ExitCode.ShouldBe(1);
        run.Stdout.ShouldContain("::warning file=.repoaudit.yml,title=RepoAudit configuration changed::");
        run.Stdout.ShouldContain("title=CI001");
    }

    [Fact]
    public void ProjectInASubFolder_AnnotationsPointAtWorkspacePaths()
    {
        using var runner = new Runner();
        using var repo = new GitRepo("mono");
        repo.Write("ml/config.py", "KEY = \"AKIAQ7ZK3MXN4PW2RTYB\"\n").Commit("init");

        var run = runner.Run(repo.Path, new() { ["path"] = "ml", ["fail-on"] = "error" });

        run.Stdout.ShouldContain("::error file=ml/config.py,line=1,title=SEC001");
    }

    [Fact]
    public void ActionAndWorkflows_ValidateAgainstGitHubsSchemas()
    {
        var files = new[] { "action.yml", ".github/workflows/self-test.yml" }
            .Concat(Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "docs", "workflows"), "*.yml").Select(f => Path.GetRelativePath(Paths.RepositoryRoot, f)))
            .ToArray();

        foreach (var file in files)
        {
            var schema = file == "action.yml" ? Schemas.GithubAction : Schemas.GithubWorkflow;
            var json = Schemas.YamlAsJson(File.ReadAllText(Path.Combine(Paths.RepositoryRoot, file)));
            Schemas.Errors(schema, json).ShouldBeEmpty(file);
        }
    }

    [Theory]
    [InlineData("action.yml", "runs:\n  using: composite\n  steps:\n    - run: echo hi\n")] // no name, no shell
    [InlineData("workflow", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout\n")] // no @ref
    [InlineData("workflow", "on: pushed\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n")] // no such event
    [InlineData("workflow", "on: push\npermissions: { contents: admin }\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: x\n")]
    public void SchemaValidation_CatchesBrokenFiles(string kind, string yaml)
    {
        var schema = kind == "action.yml" ? Schemas.GithubAction : Schemas.GithubWorkflow;

        Schemas.Errors(schema, Schemas.YamlAsJson(yaml)).ShouldNotBeEmpty();
    }

    [Fact]
    public void ReadmeWorkflows_AreTheTestedFiles()
    {
        var readme = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "README.md"));

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "docs", "workflows"), "*.yml"))
        {
            readme.ShouldContain(File.ReadAllText(file).Trim(), customMessage: $"README must show {Path.GetFileName(file)} verbatim");
        }
    }

    [Fact]
    public void ActionInputs_MatchWhatTheCommandReads()
    {
        var action = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "action.yml"));

        foreach (var input in new[] { "path", "config", "rules", "fail-on", "min-score", "baseline", "sarif-file", "html-file", "json-file", "summary", "annotations" })
        {
            action.ShouldContain($"  {input}:\n    description:");
            action.ShouldContain($"INPUT_{input.ToUpperInvariant()}: ${{{{ inputs.{input} }}}}");
        }

        action.ShouldNotContain("run: dotnet \"$RUNNER_TEMP/repoaudit-tool/repoaudit.dll\" github ${{"); // inputs never spliced into scripts
    }
}
