using System.Diagnostics;
using System.Text;
using RepoAudit.Cli;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Robustness;

/// <summary>
/// Randomised robustness: thousands of mutated rule files, configs and notebooks (fixed seeds, bounded time) go through
/// the real command line in-process. Whatever the input, the tool must answer with exit 0, 1 or 2 and a message, and
/// never fail with an unexpected exception ("internal error").
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
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; cases < 3000 && clock.Elapsed < TimeSpan.FromSeconds(40); cases++)
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

        cases.ShouldBeGreaterThan(300);
    }

    [Fact]
    public void MutatedConfigs_AlwaysGiveADefinedOutcome()
    {
        using var folder = new TempFolder("fuzz-config");
        folder.Write("train.py", "import numpy as np\nnp.random.seed(0)\n");
        folder.Write("README.md", "# x\n");
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; cases < 400 && clock.Elapsed < TimeSpan.FromSeconds(40); cases++)
        {
            var text = Mutate(ValidConfig, random);
            folder.Write(".repoaudit.yml", text);
            ShouldBeADefinedOutcome(Run("scan", folder.Path, "--no-history", "--format", "json", "--quiet"), text);
        }

        cases.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void MutatedNotebooks_NeverCrashTheScan()
    {
        using var folder = new TempFolder("fuzz-nb");
        folder.Write("README.md", "# x\n");
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; cases < 400 && clock.Elapsed < TimeSpan.FromSeconds(40); cases++)
        {
            var text = Mutate(ValidNotebook, random);
            folder.Write("analysis.ipynb", text);
            var run = Run("scan", folder.Path, "--no-history", "--format", "json", "--quiet");
            ShouldBeADefinedOutcome(run, text);
            run.Exit.ShouldNotBe(2, $"a broken notebook is an outcome on the rules that read it, not a failure to run:\n{run.Stderr}");
        }

        cases.ShouldBeGreaterThan(50);
    }
}
