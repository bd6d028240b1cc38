using RepoAudit.Core.Checks;
using RepoAudit.Tests.Support;
using static RepoAudit.Tests.Support.TestRules;

namespace RepoAudit.Tests.Checks;

public sealed class PrimitiveTests
{
    private const string Notebook = """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["we call train_test_split below"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["import pandas as pd\n", "df = pd.read_csv('x.csv')"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "X_train, X_test = train_test_split(df)"}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """;

    private const string Referenced = """
        referenced:
          files: ["**/*.yaml"]
          in: ["**/*.md", "**/*.sh"]
          line: '\.py\b|--config'
        """;

    [Fact]
    public void Referenced_NamesAPathFromTheRootOrFromTheNamingFilesFolder_OnACommandLine()
    {
        Evaluate(Referenced, ("recipes/sft.yaml", "lr: 1"), ("README.md", "run `python train.py --config recipes/sft.yaml`"))
            .Evidence[0].ShouldBe(new("README.md", 1, null, "names recipes/sft.yaml: run `python train.py --config recipes/sft.yaml`"));
        Evaluate(Referenced, ("recipes/sft.yaml", "lr: 1"), ("recipes/run.sh", "accelerate launch ../train.py ./sft.yaml\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Referenced_NeedsTheWholePathOnAMatchingLine()
    {
        // a longer path that ends the same, a prose mention, and the file naming itself do not count
        Evaluate(Referenced, ("configs/base.yaml", "lr: 1"), ("README.md", "python train.py --config old_configs/base.yaml\nsee configs/base.yaml\n"))
            .Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(Referenced, ("configs/base.yaml", "lr: 1"), ("README.md", "python train.py --config configs/base.yaml.bak\n"))
            .Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(Referenced, ("configs/base.yaml", "lr: 1"), ("README.md", "python train.py --config configs/base.yaml.\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    private const string ProgramModule = """
        referenced: { files: ["**/*.py"], as: module, in: ["**/setup.py", "**/pyproject.toml", "**/*.md"] }
        """;

    [Theory]
    // a console script in setup.py and in pyproject.toml, the src layout, a package's __init__, python -m
    [InlineData("stylegan2_pytorch/cli.py", "setup.py", "entry_points={'console_scripts': ['stylegan2_pytorch = stylegan2_pytorch.cli:main']}")]
    [InlineData("src/bikes/scripts.py", "pyproject.toml", "[project.scripts]\nbikes = \"bikes.scripts:main\"\n")]
    [InlineData("tool/__init__.py", "pyproject.toml", "[project.scripts]\ntool = \"tool:main\"\n")]
    [InlineData("pkg/train.py", "README.md", "Train with `python -m pkg.train --epochs 10`.")]
    [InlineData("train.py", "sub/setup.py", "entry_points={'console_scripts': ['t = train:main']}")]
    public void Referenced_AsModule_NamesTheProgramsAPackageRuns(string program, string namingFile, string naming) =>
        Evaluate(ProgramModule, (program, "def main(): pass\n"), (namingFile, naming)).Verdict.ShouldBe(Verdict.Holds);

    [Theory]
    // a longer module that starts the same, the module merely imported or mentioned, the entry point's name (left of
    // the '='), a path instead of a module, and a `key: value` in prose
    [InlineData("pkg/cli.py", "setup.py", "['x = pkg.cli_tools:main', 'y = pkg.cli.sub:main']")]
    [InlineData("pkg/cli.py", "README.md", "`import pkg.cli` gives you the parser; see pkg.cli for details")]
    [InlineData("pkg/__init__.py", "pyproject.toml", "[project.scripts]\npkg = \"pkg.cli:main\"\n")]
    [InlineData("pkg/cli.py", "README.md", "python pkg/cli.py")]
    [InlineData("baselines/__init__.py", "setup.py", "description='baselines: high quality implementations'")]
    public void Referenced_AsModule_NeedsAnEntryPointOrMinusM(string program, string namingFile, string naming) =>
        Evaluate(ProgramModule, (program, "def main(): pass\n"), (namingFile, naming)).Verdict.ShouldBe(Verdict.DoesNotHold);

    [Fact]
    public void Referenced_AsSomethingElse_IsALoadErrorThatSaysWhy() =>
        Should.Throw<RepoAudit.Core.Text.LoadException>(() => Check("referenced: { files: ['**/*.py'], as: class, in: ['setup.py'] }"))
            .Message.ShouldContain("'referenced.as' must be path or module, found 'class'");

    [Fact]
    public void Referenced_InsideEachFile_ReadsTheNamingFilesOutsideTheScope()
    {
        var result = Evaluate("""
            each_file:
              files: ["**/*.yaml"]
              check:
                referenced: { files: ["**"], in: ["**/*.md"] }
            """, ("a.yaml", "x: 1"), ("b.yaml", "x: 1"), ("README.md", "python run.py b.yaml"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Summary.ShouldStartWith("in b.yaml");
    }

    [Fact]
    public void All_HoldingForOneFile_LeadsWithWhatItsLastCheckFound()
    {
        // The gate (this file trains) comes first in the rule, the point (it logs to a tracker) last: a pass shows the
        // tracker first. Across the repository the same two checks keep their order.
        const string file = "import wandb\nloss.backward()\n";
        var perFile = Evaluate("""
            each_file:
              files: ["**/*.py"]
              check:
                all:
                  - contains: { files: ["**/*.py"], pattern: 'backward\(' }
                  - contains: { files: ["**/*.py"], pattern: 'import wandb' }
            """, ("train.py", file));
        var repositoryWide = Evaluate("""
            all:
              - contains: { files: ["**/*.py"], pattern: 'backward\(' }
              - contains: { files: ["**/*.py"], pattern: 'import wandb' }
            """, ("train.py", file));

        perFile.Verdict.ShouldBe(Verdict.Holds);
        perFile.Evidence.Select(item => item.Line).ShouldBe([1, 2]);
        repositoryWide.Evidence.Select(item => item.Line).ShouldBe([2, 1]);
    }

    [Fact]
    public void EachFile_Failing_ListsTheEntryPointsItAskedAndNotTheOtherFiles()
    {
        // Three files, one of them data-loading code with no check: the failure is made of that file alone.
        var result = Evaluate("""
            each_file:
              files: ["**/*.py"]
              entry: { contains: { files: ["**/*.py"], pattern: 'read_csv' } }
              check: { contains: { files: ["**/*.py"], pattern: 'assert' } }
            """, ("load.py", "df = pd.read_csv('x.csv')\n"), ("model.py", "class Net: pass\n"), ("setup.py", "setup()\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.Select(item => item.Path).ShouldBe(["load.py"]);
    }

    [Fact]
    public void EachFile_FailingWithoutEntry_NamesWhatItLookedAtInsteadOfListingEachFile()
    {
        var result = Evaluate("""
            each_file:
              files: ["**/*.py"]
              check: { contains: { files: ["**/*.py"], pattern: 'seed' } }
            """, ("a.py", "x = 1\n"), ("b.py", "y = 2\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.ShouldBeEmpty();
        result.Summary.ShouldBe("none of a.py, b.py qualifies");
    }

    [Fact]
    public void Yaml_Failing_ShowsOnlyTheFilesItCouldNotRead()
    {
        var result = Evaluate("yaml: { files: [\"**/*.yml\"], path: \"report_to\" }",
            ("ci.yml", "on: push\n"), ("broken.yml", "a: [\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.Select(item => item.Path).ShouldBe(["broken.yml"]);
    }

    [Fact]
    public void Exists_FindsFilesAndFolderGlobs()
    {
        var result = Evaluate("exists: [\".buildkite/\", \"Jenkinsfile\"]", (".buildkite/pipeline.yml", "steps: []"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Path.ShouldBe(".buildkite/");
    }

    [Fact]
    public void Exists_GlobsAreCaseInsensitiveAndMatchAtAnyDepth()
    {
        Evaluate("exists: [\"**/dockerfile\"]", ("services/api/Dockerfile", "FROM x")).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("exists: [\"**/dockerfile\"]", ("README.md", "x")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Contains_ReportsFileAndLine()
    {
        var result = Evaluate("contains: { files: [\"**/*.py\"], pattern: 'np\\.random\\.seed\\(' }",
            ("src/train.py", "import numpy as np\n\nnp.random.seed(0)\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Path.ShouldBe("src/train.py");
        result.Evidence.Single().Line.ShouldBe(3);
        result.Evidence.Single().Detail.ShouldContain("np.random.seed(0)");
    }

    [Fact]
    public void Contains_SearchesNotebookCodeCellsOnly()
    {
        var result = Evaluate("contains: { files: [\"**/*.ipynb\"], pattern: 'train_test_split' }", ("nb.ipynb", Notebook));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldStartWith("cell 3");
        Evaluate("contains: { files: [\"**/*.ipynb\"], pattern: 'we call' }", ("nb.ipynb", Notebook)).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Contains_MinFilesAndExclude()
    {
        var files = new[] { ("a/test_x.py", "import pytest"), ("b/x.py", "import pytest"), ("c/y.py", "nothing") };

        Evaluate("contains: { files: [\"**/*.py\"], pattern: 'pytest', min_files: 2 }", files).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("contains: { files: [\"**/*.py\"], pattern: 'pytest', min_files: 3 }", files).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate("contains: { files: [\"**/*.py\"], exclude: [\"a/**\"], pattern: 'pytest', min_files: 2 }", files).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Contains_SkipsBinariesAndSaysSo()
    {
        var result = Evaluate("contains: { files: [\"**/*.py\"], pattern: 'x' }", ("weird.py", "\0\0\0binary"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain("could not be searched");
        result.Evidence.Single().Detail.ShouldContain("binary");
    }

    [Fact]
    public void Contains_InCodeFiles_SearchesCodeByDefault_NotCommentsOrDocstrings()
    {
        var file = ("src/data.py", "\"\"\"Data from https://example.com/data.\"\"\"\n# https://example.com/commented\nURL = \"https://example.com/real\"\n");

        var result = Evaluate("contains: { files: [\"**/*.py\"], pattern: 'https://' }", file);

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Line.ShouldBe(3);
        result.Evidence.Single().Detail.ShouldBe("line 3: URL = \"https://example.com/real\"");
        Evaluate("contains: { files: [\"**/*.py\"], pattern: 'commented' }", file).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Theory]
    [InlineData("code", "assert", false)]
    [InlineData("comments", "assert", true)]
    [InlineData("all", "assert", true)]
    [InlineData("strings", "split=", false)]
    [InlineData("strings", "^\\s*test\\s*$", true)]
    [InlineData("code", "split=\"test\"", true)]
    public void Contains_InSelectsTheRegion(string region, string pattern, bool found)
    {
        var file = ("train.py", "def load(split=\"test\"):\n    \"\"\"We assert nothing.\"\"\"\n    return split\n");

        Evaluate($"contains: {{ files: [\"**/*.py\"], pattern: '{pattern}', in: {region} }}", file).Verdict.ShouldBe(found ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void Contains_NonCodeFiles_AreSearchedRaw_WhateverIn()
    {
        Evaluate("contains: { files: [\"ci.yml\"], pattern: 'pytest' }", ("ci.yml", "# run: pytest\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Contains_NotebookMagicsStayInTheCodeView()
    {
        var nb = """{"cells": [{"cell_type": "code", "outputs": [], "source": "!pip install torch\n# pip install comment"}], "nbformat": 4}""";

        var result = Evaluate("contains: { files: [\"**/*.ipynb\"], pattern: 'pip install' }", ("nb.ipynb", nb));

        result.Evidence.Single().Detail.ShouldBe("cell 1, line 1: !pip install torch");
    }

    [Fact]
    public void Yaml_PathWithWildcardsFindsAStepAndItsLine()
    {
        var workflow = "on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest -q\n";
        var result = Evaluate("yaml: { files: [\".github/workflows/*.yml\"], path: \"jobs.*.steps[*].run\", pattern: '\\bpytest\\b' }", (".github/workflows/ci.yml", workflow));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Line.ShouldBe(6);
        result.Evidence.Single().Detail.ShouldContain("jobs.test.steps[1].run");
    }

    [Theory]
    [InlineData("on:\n  push:\n    branches: [main]\n", true)]
    [InlineData("on:\n  pull_request:\n", true)] // a key with no value is still there
    [InlineData("on:\n  workflow_dispatch:\n  schedule:\n    - cron: '0 0 * * *'\n", false)]
    [InlineData("on: push\n", false)] // a scalar has no keys
    public void Yaml_KeyAlternatives_AnyOfTheKeysMatches(string workflow, bool holds)
    {
        Evaluate("yaml: { files: [\"*.yml\"], path: \"on.push|pull_request\" }", ("ci.yml", workflow))
            .Verdict.ShouldBe(holds ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void Json_PathWithoutPattern_MeansTheKeyExists()
    {
        Evaluate("json: { files: [\"**/devcontainer.json\"], path: \"image\" }", (".devcontainer/devcontainer.json", "{\"image\": \"python:3.11\"}"))
            .Verdict.ShouldBe(Verdict.Holds);
        Evaluate("json: { files: [\"**/devcontainer.json\"], path: \"build.dockerfile\" }", (".devcontainer/devcontainer.json", "{\"image\": \"python:3.11\"}"))
            .Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Structured_UnparseableFileAlone_IsAnErrorNotACrash()
    {
        var result = Evaluate("yaml: { files: [\"ci.yml\"], path: \"jobs\" }", ("ci.yml", "jobs: [unclosed\n"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldContain("could not be read");
    }

    [Fact]
    public void Structured_NoMatch_NamesThePathAndThePatternAsWritten()
    {
        var result = Evaluate("toml: { files: [\"pyproject.toml\"], path: \"project.license\", pattern: 'MIT|Apache' }", ("pyproject.toml", "[project]\nname = \"x\"\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain("'project.license' matching 'MIT|Apache'");
    }

    [Fact]
    public void ConfigKeys_CountsMatchingKeysAtAnyDepth_InYamlJsonAndToml()
    {
        const string check = "config_keys: { files: [\"**/*.yaml\", \"**/*.json\", \"**/*.toml\"], keys: '^(lr|batch_size|epochs|dropout)$', min_keys: 3 }";

        var json = Evaluate(check, ("config.json", "{\"name\": \"m\", \"optimizer\": {\"args\": {\"lr\": 0.001}}, \"data\": {\"batch_size\": 64}, \"trainer\": {\"epochs\": 10}}"));
        json.Verdict.ShouldBe(Verdict.Holds);
        json.Evidence.Single().Detail.ShouldContain("lr, batch_size, epochs");

        Evaluate(check, ("conf/train.yaml", "train:\n  lr: 0.1\n  epochs: 3\nmodel:\n  - dropout: 0.2\n")).Verdict.ShouldBe(Verdict.Holds);
        Evaluate(check, ("params.toml", "[train]\nlr = 0.1\nepochs = 3\n[model]\ndropout = 0.5\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void ConfigKeys_TooFewKeys_RepeatedKeysOrValues_DoNotCount()
    {
        const string check = "config_keys: { files: [\"**/*.yaml\"], keys: '^(lr|batch_size|epochs)$' }";

        Evaluate(check, ("a.yaml", "lr: 1\nepochs: 2\nname: x\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(check, ("a.yaml", "a: {lr: 1}\nb: {lr: 2}\nc: {epochs: 3}\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(check, ("a.yaml", "names: [lr, batch_size, epochs]\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void ConfigKeys_AKeyLeftToTheTrainer_Auto_SetsNothing()
    {
        const string check = "config_keys: { files: [\"**/*.json\", \"**/*.yaml\"], keys: '^(lr|train_batch_size|gradient_accumulation_steps|weight_decay)$', min_keys: 2 }";

        // DeepSpeed's "auto" takes each value from the trainer's arguments: the settings live on the command line
        Evaluate(check, ("ds_zero3.json", "{\"optimizer\": {\"params\": {\"lr\": \"auto\", \"weight_decay\": \"AUTO\"}}, \"train_batch_size\": \"auto\", \"gradient_accumulation_steps\": \"auto\"}"))
            .Verdict.ShouldBe(Verdict.DoesNotHold);
        // values written out count, beside the ones left to the trainer
        var set = Evaluate(check, ("ds.yaml", "optimizer:\n  params:\n    lr: 0.0001\n    weight_decay: auto\ntrain_batch_size: 256\n"));
        set.Verdict.ShouldBe(Verdict.Holds);
        set.Evidence.Single().Detail.ShouldContain("lr, train_batch_size");
    }

    [Fact]
    public void ConfigKeys_PythonModule_CountsTopLevelAndClassBodyAssignments_NotFunctionLocalsOrComments()
    {
        const string check = "config_keys: { files: [\"**/*.py\"], keys: '^(lr|batch_size|epochs)$', min_keys: 3 }";

        var module = Evaluate(check, ("config.py", "LR = 3e-4\nBATCH_SIZE: int = 64\n\nclass Train:\n    epochs = 10\n"));
        module.Verdict.ShouldBe(Verdict.Holds);
        module.Evidence.Single().Detail.ShouldContain("lr, batch_size, epochs");

        // inside a function they are a script's local literals; in a comment or a string they are not code
        Evaluate(check, ("train.py", "def main():\n    lr = 0.1\n    batch_size = 8\n    epochs = 3\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(check, ("config.py", "class C:\n    def f(self):\n        lr = 1\n        epochs = 2\n# batch_size = 3\nX = 'lr = 4'\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Theory]
    [InlineData("learningRate", "learning_rate")]
    [InlineData("batchSize", "batch_size")]
    [InlineData("LR", "lr")]
    [InlineData("maxLRSteps", "max_lr_steps")]
    [InlineData("per_device_train_batch_size", "per_device_train_batch_size")]
    public void ConfigKeys_SeesKeysLowerCasedWithCamelCaseSplit(string key, string spelled) =>
        Core.Checks.Primitives.ConfigKeysCheck.Spelled(key).ShouldBe(spelled);

    [Fact]
    public void ConfigKeys_CamelCaseKeysMatchASnakeCasePattern_AndALongPatternStaysOutOfTheSummary()
    {
        const string check = "config_keys: { files: [\"**/*.json\"], keys: '(^|_)(learning|batch|epochs)(_|$)', min_keys: 3 }";

        Evaluate(check, ("train.json", "{\"learningRate\": 0.1, \"batchSize\": 8, \"numEpochs\": 3}")).Verdict.ShouldBe(Verdict.Holds);
        var failed = Evaluate("config_keys: { files: [\"**/*.json\"], keys: '" + new string('x', 70) + "' }", ("a.json", "{\"lr\": 1}"));
        failed.Verdict.ShouldBe(Verdict.DoesNotHold);
        failed.Summary.ShouldNotContain("xxxx");
    }

    [Fact]
    public void ConfigKeys_AFileOfMostlyOtherKeys_IsDataNotConfiguration()
    {
        const string check = "config_keys: { files: [\"**/*.json\"], keys: '^(lr|alpha|seed)$', min_keys: 3 }";
        var vocabulary = "{" + string.Join(", ", Enumerable.Range(0, 100).Select(i => $"\"tok{i}\": {i}")) + ", \"lr\": 100, \"alpha\": 101, \"seed\": 102}";

        Evaluate(check, ("encoder.json", vocabulary)).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(check, ("config.json", "{\"lr\": 1, \"alpha\": 2, \"seed\": 3, \"name\": \"x\"}")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void ConfigKeys_UnparseableFile_IsReportedNotGuessed()
    {
        var result = Evaluate("config_keys: { files: [\"**/*.json\"], keys: '^lr$', min_keys: 1 }", ("config.json", "{\"lr\": "));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain("could not be searched");
        result.Evidence.Single().Detail.ShouldContain("could not be parsed");
    }

    [Fact]
    public void UnknownIf_InAnAny_TurnsAnUnsettledFailIntoUnknownWithTheReason()
    {
        const string check = """
            any:
              - contains: { files: ["ci.yml"], pattern: 'pytest' }
              - unknown_if: { reason: "delegates to a remote template", check: { contains: { files: ["ci.yml"], pattern: 'include:' } } }
            """;

        var delegated = Evaluate(check, ("ci.yml", "include: remote.yml\n"));
        delegated.Verdict.ShouldBe(Verdict.Unknown);
        delegated.Summary.ShouldStartWith("delegates to a remote template");
        delegated.Evidence.ShouldContain(e => e.Path == "ci.yml" && e.Line == 1);

        Evaluate(check, ("ci.yml", "run: make build\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate(check, ("ci.yml", "include: remote.yml\nrun: pytest\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Notebooks_WithOutputs_FailNamingTheCells()
    {
        var dirty = Notebook.Replace("\"outputs\": [], \"source\": \"X_train", "\"outputs\": [{\"output_type\": \"stream\", \"text\": \"hi\"}], \"source\": \"X_train", StringComparison.Ordinal);
        var result = Evaluate("notebooks: { outputs: stripped }", ("nb.ipynb", dirty));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.Single().Detail.ShouldContain("cell 3");
    }

    [Fact]
    public void Notebooks_OutOfOrderExecution_FailsWhenOrderedIsAsked()
    {
        var nb = """{"cells": [{"cell_type": "code", "execution_count": 5, "outputs": [], "source": "a"}, {"cell_type": "code", "execution_count": 2, "outputs": [], "source": "b"}], "nbformat": 4}""";

        Evaluate("notebooks: { outputs: stripped, ordered: true }", ("nb.ipynb", nb)).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate("notebooks: { outputs: stripped }", ("nb.ipynb", nb)).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Notebooks_BrokenJson_IsAnErrorNamingTheNotebook()
    {
        var result = Evaluate("notebooks: { outputs: stripped }", ("broken.ipynb", "{\"cells\": [ truncated"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldContain("broken.ipynb");
    }

    [Fact]
    public void Notebooks_NbstripoutConfigured_Holds()
    {
        var dirty = """{"cells": [{"cell_type": "code", "execution_count": 1, "outputs": [{"output_type": "stream", "text": "x"}], "source": "a"}], "nbformat": 4}""";

        Evaluate("notebooks: { outputs: stripped }", ("nb.ipynb", dirty), (".gitattributes", "*.ipynb filter=nbstripout\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Combinators_AllAnyNot()
    {
        var files = new[] { ("README.md", "x") };

        Evaluate("all: [ { exists: [README.md] }, { exists: [LICENSE] } ]", files).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate("any: [ { exists: [LICENSE] }, { exists: [README.md] } ]", files).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("not: { exists: [LICENSE] }", files).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void HistoryPrimitives_WithoutHistory_AreUnknownWithTheReason()
    {
        var result = Evaluate("history_blobs: { max_size: 10MB }", ("a", "b"));

        result.Verdict.ShouldBe(Verdict.Unknown);
        result.Summary.ShouldBe("no history in unit tests");
        Evaluate("history_secrets: { patterns: ['x'] }").Verdict.ShouldBe(Verdict.Unknown);
        Evaluate("history_cochange: { code: ['**/*.py'], tests: ['tests/**'] }").Verdict.ShouldBe(Verdict.Unknown);
    }

    [Theory]
    [InlineData("output", "output")]
    [InlineData("./runs/sst2/", "runs/sst2")]
    [InlineData("checkpoints/model.pt", "checkpoints/model.pt")]
    [InlineData("/tmp/out", null)]             // outside the repository
    [InlineData("../elsewhere/out", null)]
    [InlineData("~/models", null)]             // the home folder
    [InlineData("out/{name}", null)]           // built at run time
    [InlineData("$OUTPUT_DIR", null)]
    [InlineData("s3://bucket/runs", null)]
    [InlineData(".", null)]
    [InlineData("null", null)]                 // a configuration's "no location"
    [InlineData("None", null)]
    [InlineData("true", null)]                 // overwrite_output_dir: true
    [InlineData("1e-4", null)]
    [InlineData("notes", "notes")]
    public void GitignoredWrittenTo_CountsOnlyPlainRelativeLocations(string named, string? expected) =>
        Core.Checks.Primitives.GitignoredCheck.RelativeLocation(named).ShouldBe(expected);

    // A work tree read as a plain folder (no git), for the checks that read files and .gitignore only.
    private static CheckContext WorkTreeWithoutGit(TempFolder folder) =>
        new(Core.Snapshot.RepositorySnapshot.FromWorkTree(folder.Path, new Core.Snapshot.SnapshotOptions { Git = null }), null, "none");

    [Fact]
    public void Gitignored_ExistingFolderMustBeCovered()
    {
        using var repo = new TempFolder("gi");
        repo.Write("data/raw.csv", "a,b\n");
        repo.Write("models/m.txt", "m");
        repo.Write(".gitignore", "data/\n");
        var context = WorkTreeWithoutGit(repo);

        var covered = Check("gitignored: [\"data/\"]").Evaluate(context);
        var uncovered = Check("gitignored: [\"data/\", \"models/\", \"mlruns/\"]").Evaluate(context);

        covered.Verdict.ShouldBe(Verdict.Holds);
        covered.Evidence.Single().Detail.ShouldContain("ignored by 'data/'");
        uncovered.Verdict.ShouldBe(Verdict.DoesNotHold);
        uncovered.Summary.ShouldContain("models/");
        uncovered.Summary.ShouldNotContain("mlruns/"); // it does not exist and nothing writes it
    }

    [Theory]
    [InlineData("gitignored: [ { path: ['**/*.npz'], package_data: shipped } ]", "'package_data' is 'allowed' or 'counts', found 'shipped'")]
    [InlineData("gitignored: [ { path: ['a/', 'b/'], written_by: { files: ['**/*.py'] } } ]", "takes one 'path' and no 'package_data'")]
    public void Gitignored_MalformedItem_IsALoadErrorThatSaysWhy(string yaml, string message)
    {
        Should.Throw<RepoAudit.Core.Text.LoadException>(() => Check(yaml)).Message.ShouldContain(message);
    }

    [Fact]
    public void Gitignored_FolderWrittenByCode_MustBeCoveredEvenBeforeItExists()
    {
        using var repo = new TempFolder("gi");
        repo.Write("train.py", "import mlflow\nmlflow.start_run()\n");
        var context = WorkTreeWithoutGit(repo);
        var check = Check("gitignored: [ { path: \"mlruns/\", written_by: { files: [\"**/*.py\"], pattern: '\\bmlflow\\b' } } ]");

        var result = check.Evaluate(context);

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.First().Detail.ShouldContain("written by train.py");
    }

    [Fact]
    public void Gitignored_AFileSetEntry_JudgesEachOfItsGlobs()
    {
        using var repo = new TempFolder("gi");
        repo.Write("train.py", "import neptune\n");
        repo.Write("mlruns/0/meta.yaml", "name: Default\n");
        repo.Write("colab/.neptune/async/run/data-1.log", "{}\n");
        repo.Write(".gitignore", "mlruns/\n");
        var context = WorkTreeWithoutGit(repo);

        var result = Check("gitignored: [\"@run_outputs\"]").Evaluate(context);

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain(".neptune/");
        result.Summary.ShouldNotContain("mlruns/"); // ignored: only the store that is not
    }

    [Fact]
    public void GitignoredWrittenTo_SkipsAFolderThatIsASubmodule_InTheWorkTreeAndAtACommit()
    {
        using var repo = new GitRepo();
        var pinned = repo.Write("train.py", "parser.add_argument('--log-folder', default='agents/')\n")
            .Write("run.py", "parser.add_argument('--output_dir', default='runs/')\n").Commit("one");
        repo.Git("update-index", "--add", "--cacheinfo", $"160000,{pinned},agents");
        Directory.CreateDirectory(Path.Combine(repo.Path, "agents")); // as a clone without its submodules has it
        var head = repo.Commit("pin the released agents");
        var check = Check("""
            gitignored:
              - written_to: { files: ["**/*.py"], pattern: 'default=[\x27"](?<path>[^\x27"]+)' }
            """);
        var git = Core.Git.GitRepository.Discover(new Core.Git.GitRunner(), repo.Path, out _)!;

        foreach (var snapshot in new[]
        {
            Core.Snapshot.RepositorySnapshot.FromWorkTree(repo.Path, new Core.Snapshot.SnapshotOptions()),
            Core.Snapshot.RepositorySnapshot.FromCommit(git, head, oid => System.Text.Encoding.UTF8.GetBytes(repo.Git("cat-file", "blob", oid)), new Core.Snapshot.SnapshotOptions()),
        })
        {
            snapshot.Submodules.ShouldBe(["agents"]);
            var result = check.Evaluate(new CheckContext(snapshot, null, "none"));
            result.Verdict.ShouldBe(Verdict.DoesNotHold);
            result.Summary.ShouldContain("runs/");
            result.Summary.ShouldNotContain("agents/"); // another repository's commit, pinned on purpose
        }
    }

    [Fact]
    public void All_WhenItFails_LeadsWithTheEvidenceThatDecidedIt()
    {
        using var repo = new TempFolder("gi");
        repo.Write("notebooks/eda.ipynb", "{}");
        repo.Write("train.py", "import wandb\nwandb.init()\n");
        repo.Write(".gitignore", ".ipynb_checkpoints/\n");
        var context = WorkTreeWithoutGit(repo);
        var check = Check("""
            all:
              - gitignored: [ { path: ".ipynb_checkpoints/", written_by: { files: ["**/*.ipynb"] }, beside_writer: true } ]
              - gitignored: [ { path: "wandb/", written_by: { files: ["**/*.py"], pattern: '\bwandb\b' } } ]
            """);

        var result = check.Evaluate(context);

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.First().Detail.ShouldContain("wandb/ (written by train.py) is not covered");
        result.Evidence.ShouldContain(evidence => evidence.Detail.Contains("is ignored by '.ipynb_checkpoints/'", StringComparison.Ordinal));
    }
}
