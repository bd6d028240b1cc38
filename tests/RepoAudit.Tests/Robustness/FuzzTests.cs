using System.Diagnostics;
using System.Text;
using RepoAudit.Cli;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Robustness;

/// <summary>
/// Randomised robustness: mutated rule files and configs, and hostile versions of every kind of file the audited
/// repository feeds us (fixed seeds, a few seconds each, well under a minute for the class), go through the real command
/// line in-process. Whatever the input, the tool must answer with exit 0, 1 or 2 and a message, and never fail with an
/// unexpected exception ("internal error"); for repository content the answer is always a report and exit 0 or 1.
/// </summary>
public sealed class FuzzTests
{
    private const string ValidRule = """
        id: FUZZ001
        name: fuzz-rule
        title: A rule to mutate
        category: data
        severity: warning
        weight: 2
        why: |
          Because it is a test.
        fix: Do the thing.
        references:
          - { title: "Docs", url: "https://example.com/docs" }
        options:
          max: 10MB
          globs: ["**/*.bin", "**/*.csv"]
        applies_when:
          exists: ["**/*.py"]
        check:
          any:
            - contains: { files: ["**/*.py", "**/*.ipynb"], pattern: '\bseed\s*\(', min_files: 1 }
            - yaml: { files: ["**/*.yaml"], path: "jobs.*.steps[*].run", pattern: 'pytest' }
            - not: { exists: ["data/"] }
            - history_blobs: { max_size: '${options.max}', binary_globs: '${options.globs}', binary_max_size: 1MB }
        """;

    private const string ValidConfig = """
        rules:
          DOC002: { severity: info, weight: 3 }
          CI001: { enabled: false }
          DATA003: { options: { max_blob_size: 20MB } }
          DOC001: { suppress: "wiki", until: 2030-01-01 }
        fail_on: warning
        min_score: 50
        history: { depth: 100 }
        exclude: [ "vendor/**" ]
        """;

    private const string ValidNotebook = """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
          {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}], "source": ["import numpy as np\n", "np.random.seed(0)"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "model.fit(X, y)"}
        ], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
        """;

    /// <summary>Time for each randomized test: enough for hundreds of cases, small enough for the class to stay under a minute.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Case numbers 0, 1, 2...: always the first <paramref name="minimum"/> (the same inputs on every machine, however
    /// busy), then more while the time budget lasts, up to <paramref name="maximum"/>.
    /// </summary>
    private static IEnumerable<int> Cases(int minimum, int maximum)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < maximum && (i < minimum || clock.Elapsed < Budget); i++)
        {
            yield return i;
        }
    }

    private const string Noise = ":[]{}-#&*!|>'\"\n\t ,.$\\%@`?=<~0123456789aZ\u00e9\u0000\u200b";

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(6))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(Math.Min(at, builder.Length - 1), Math.Min(random.Next(1, 20), builder.Length - Math.Min(at, builder.Length - 1)));
                    break;
                case 1:
                    builder.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    builder.Insert(at, new string(Noise[random.Next(Noise.Length)], random.Next(1, 200)));
                    break;
                case 3:
                    builder.Length = Math.Min(builder.Length, at); // truncation
                    break;
                case 4:
                    var lines = builder.ToString().Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    lines.Insert(random.Next(lines.Count + 1), lines[line]);
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
                default:
                    var all = builder.ToString().Split('\n');
                    var (a, b) = (random.Next(all.Length), random.Next(all.Length));
                    (all[a], all[b]) = (all[b], all[a]);
                    builder.Clear().Append(string.Join('\n', all));
                    break;
            }
        }

        return builder.ToString();
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static void ShouldBeADefinedOutcome((int Exit, string Stdout, string Stderr) run, string input)
    {
        var context = $"input:\n{input}\n---\nstderr: {run.Stderr}";
        run.Exit.ShouldBeOneOf([0, 1, 2], context);
        run.Stderr.ShouldNotContain("internal error", customMessage: context);
        if (run.Exit == 2)
        {
            run.Stderr.ShouldStartWith("repoaudit: ", customMessage: context);
        }
    }

    [Fact]
    public void MutatedRuleFiles_AlwaysLoadOrFailWithFileLineAndColumn()
    {
        using var folder = new TempFolder("fuzz-rules");
        var file = Path.Combine(folder.Path, "rule.yml");
        var random = new Random(20261122);
        foreach (var _ in Cases(minimum: 100, maximum: 3000))
        {
            var text = Mutate(ValidRule, random);
            File.WriteAllText(file, text);
            var run = Run("rules", "validate", file, "--no-builtin-rules");
            ShouldBeADefinedOutcome(run, text);
            if (run.Exit == 2)
            {
                run.Stderr.ShouldMatch(@"rule\.yml:\d+:\d+: ", $"a load error must name line and column:\n{run.Stderr}");
            }
        }
    }

    [Fact]
    public void MutatedConfigs_AlwaysGiveADefinedOutcome()
    {
        using var folder = new TempFolder("fuzz-config");
        folder.Write("train.py", "import numpy as np\nnp.random.seed(0)\n");
        folder.Write("README.md", "# x\n");
        var random = new Random(7);
        foreach (var _ in Cases(minimum: 10, maximum: 400))
        {
            var text = Mutate(ValidConfig, random);
            folder.Write(".repoaudit.yml", text);
            ShouldBeADefinedOutcome(Run("scan", folder.Path, "--no-history", "--format", "json", "--quiet"), text);
        }
    }

    /// <summary>A well-formed file of each kind the audited repository may hold, to be mutated.</summary>
    public static TheoryData<string, string> RepositoryFiles() => new()
    {
        { "analysis.ipynb", ValidNotebook },
        { ".gitignore", "data/\n*.ckpt\n!keep.ckpt\n**/mlruns/\n/outputs/**\n[Dd]ata[0-9]/\n.env*\nrun[!a-c]?.log\n" },
        { ".gitattributes", "* text=auto\n*.pt filter=lfs diff=lfs merge=lfs -text\ndata/** filter=lfs diff=lfs merge=lfs -text\n*.ipynb -diff\n" },
        { "pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"torch==2.3.0\", \"numpy>=1.26\"]\n[project.optional-dependencies]\ndev = [\"pytest\"]\n[tool.poetry.dependencies]\npython = \"^3.11\"\npandas = { version = \"2.2.2\", extras = [\"pyarrow\"] }\n[tool.ruff]\nline-length = 100\n" },
        { "requirements.txt", "numpy==1.26.4\ntorch>=2.0 ; python_version > '3.8'\n-r base.txt\n-c constraints.txt\n-e git+https://example.com/x.git#egg=x\n--index-url https://example.com/simple\nscikit-learn[alldeps]==1.5.0 \\\n    --hash=sha256:abc\n" },
        { "environment.yml", "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - numpy=1.26.4\n  - pip\n  - pip:\n    - torch==2.3.0\n    - mlflow>=2\n" },
        { "setup.cfg", "[metadata]\nname = x\n[options]\ninstall_requires =\n    numpy==1.26.4\n    torch>=2\n[options.extras_require]\ndev = pytest\n[flake8]\nmax-line-length = 100\n" },
        { "setup.py", "from setuptools import setup\nsetup(name='x', install_requires=['numpy==1.26.4', \"torch>=2\"], extras_require={'dev': ['pytest']})\n" },
        { ".github/workflows/ci.yml", "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: pytest -q\n" },
        { "Dockerfile", "FROM python:3.11-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"train.py\"]\n" },
    };

    /// <summary>One hostile variant: a mutation, random bytes, a truncation, a huge line, deep nesting or a reversed range.</summary>
    private static byte[] Hostile(string valid, Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                var bytes = new byte[random.Next(1, 4096)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return Encoding.UTF8.GetBytes(valid[..random.Next(valid.Length)]);
            case 2:
                var at = random.Next(valid.Length);
                return Encoding.UTF8.GetBytes(valid[..at] + new string(Noise[random.Next(Noise.Length)], 300_000) + valid[at..]);
            case 3:
                var (open, close) = random.Next(4) switch { 0 => ("[", "]"), 1 => ("{", "}"), 2 => ("- ", ""), _ => ("{\"a\": ", "}") };
                var depth = random.Next(100, 5000);
                return Encoding.UTF8.GetBytes(valid + "\nx = " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "\n");
            case 4:
                return Encoding.UTF8.GetBytes(valid + "\n[z-a]\n" + string.Concat(Enumerable.Repeat("**/", 20)) + "x[9-0]y\n");
            case 5:
                // YAML alias bomb: each level doubles the previous one.
                var bomb = new StringBuilder("a0: &a0 [x, x]\n");
                for (var i = 1; i < 40; i++)
                {
                    bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n");
                }

                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? bomb.ToString() : "jobs:\n" + bomb.ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
            default:
                return Encoding.UTF8.GetBytes(Mutate(valid, random));
        }
    }

    [Theory]
    [MemberData(nameof(RepositoryFiles))]
    public async Task HostileRepositoryFiles_AlwaysGiveAReport(string name, string valid)
    {
        using var folder = new TempFolder("fuzz-repo");
        folder.Write("README.md", "# x\n\n## Setup\n\npip install -r requirements.txt\n");
        folder.Write("train.py", "import numpy as np\nnp.random.seed(0)\nmodel.fit(X_train, y_train)\n");
        var random = new Random(name.Length * 7919 + name[0]);
        foreach (var _ in Cases(minimum: 8, maximum: 200))
        {
            var content = Hostile(valid, random);
            folder.WriteBytes(name, content);
            var scan = Task.Run(() => Run("scan", folder.Path, "--no-history", "--format", "json", "--quiet"));
            (await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(60)))).ShouldBe(scan, $"{name}: the scan did not finish in 60 s");
            var run = await scan;
            var input = Encoding.UTF8.GetString(content);
            var shown = input.Length > 2000 ? input[..2000] + "..." : input;
            ShouldBeADefinedOutcome(run, shown);
            run.Exit.ShouldBeOneOf([0, 1], $"{name}: repository content is an outcome on the rules that read it, not a failure to run:\n{run.Stderr}\n{shown}");
            run.Stderr.ShouldNotContain("   at ", customMessage: shown);
            using var report = System.Text.Json.JsonDocument.Parse(run.Stdout);
            report.RootElement.GetProperty("results").GetArrayLength().ShouldBeGreaterThan(0);
        }
    }
}
