using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;
using RepoAudit.Tests.Support;
using Shouldly;

namespace RepoAudit.Tests.Checks;

/// <summary>A program is its entry point and the project modules it imports; each_file can ask a question of it whole.</summary>
public sealed class ProgramFilesTests
{
    [Fact]
    public void FollowsAbsoluteRelativeAndPackageImports_NotInstalledPackages()
    {
        var snapshot = TestRules.Snapshot(
            ("train.py", "import torch\nimport data_loader.loaders as loaders\nfrom model import Net\nfrom trainer import Trainer\n"),
            ("data_loader/__init__.py", ""),
            ("data_loader/loaders.py", "from .transforms import normalise\n"),
            ("data_loader/transforms.py", "def normalise(x): return x\n"),
            ("model/__init__.py", "from ..outside import nothing\n"),
            ("trainer/trainer.py", "x = 1\n"),
            ("unrelated.py", "import train\n"));

        var files = new ProgramFiles(snapshot).Of("train.py");

        // trainer/trainer.py is not what `from trainer import Trainer` names (no trainer.py, no trainer/__init__.py).
        files.ShouldBe(["train.py", "data_loader/loaders.py", "model/__init__.py", "data_loader/transforms.py"]);
    }

    [Fact]
    public void APackageImportingItsModulesByComputedName_ImportsEveryModuleBesideIt()
    {
        var snapshot = TestRules.Snapshot(
            ("train.py", "import sr.models\n"),
            ("sr/__init__.py", ""),
            ("sr/models/__init__.py", "import importlib\nimport os\n_modules = [importlib.import_module(f'sr.models.{n[:-3]}') for n in os.listdir('.')]\n"),
            ("sr/models/gan_model.py", ""),
            ("sr/models/sr_model.py", ""),
            ("sr/models/nested/deep_model.py", ""),
            ("sr/archs/__init__.py", "from importlib import import_module\nunet = import_module('sr.archs.unet')\n"),
            ("sr/archs/unet.py", ""),
            ("sr/archs/vgg.py", ""),
            ("eval.py", "import sr.archs\n"));

        var programs = new ProgramFiles(snapshot);

        // the folder's own modules, not a subfolder's
        programs.Of("train.py").ShouldBe(["train.py", "sr/models/__init__.py", "sr/models/gan_model.py", "sr/models/sr_model.py"]);
        // a module named by a plain string is that module alone
        programs.Of("eval.py").ShouldBe(["eval.py", "sr/archs/__init__.py", "sr/archs/unet.py"]);
    }

    [Fact]
    public void Imported_IsWhatPythonCompilesIntoPycache_NotScriptsThatAreOnlyRun()
    {
        var snapshot = TestRules.Snapshot(
            ("prepare.py", "import pandas as pd\nimport yaml\n"),
            ("train.py", "from features import build\n"),
            ("features.py", "def build(x): return x\n"),
            ("pkg/__init__.py", ""),
            ("pkg/model.py", "x = 1\n"),
            ("tests/test_model.py", "def test_x(): pass\n"),
            ("tests/conftest.py", ""),
            ("tests/helpers.py", "not imported by anything\n"),
            ("notebooks/eda.ipynb", """{"cells":[{"cell_type":"code","source":["from pkg import model\\n"],"metadata":{},"outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}"""));

        new ProgramFiles(snapshot).Imported.Order(StringComparer.Ordinal).ShouldBe(
            ["features.py", "pkg/__init__.py", "pkg/model.py", "tests/conftest.py", "tests/test_model.py"]);
    }

    [Fact]
    public void ResolvesFromTheScriptsFolderUpwardsAndFromASrcLayout()
    {
        var snapshot = TestRules.Snapshot(
            ("scripts/train.py", "from helpers import fetch\nfrom mypkg.data import load\n"),
            ("scripts/helpers.py", ""),
            ("src/mypkg/__init__.py", ""),
            ("src/mypkg/data.py", ""),
            ("helpers.py", "the root copy is shadowed by the script's own folder"));

        new ProgramFiles(snapshot).Of("scripts/train.py").ShouldBe(["scripts/train.py", "scripts/helpers.py", "src/mypkg/data.py"]);
    }

    [Fact]
    public void ImportCyclesAndLongChainsStayBounded()
    {
        var chain = Enumerable.Range(0, 200)
            .Select(i => ($"m{i}.py", $"import m{i + 1}\nimport m{Math.Max(0, i - 1)}\n"))
            .ToArray();
        var snapshot = TestRules.Snapshot(chain);

        var files = new ProgramFiles(snapshot).Of("m0.py");

        files.Count.ShouldBe(ProgramFiles.MaxDepth + 1);
        files.Distinct().Count().ShouldBe(files.Count);

        var wide = TestRules.Snapshot([("main.py", string.Join("\n", Enumerable.Range(0, 500).Select(i => $"import w{i}"))),
            .. Enumerable.Range(0, 500).Select(i => ($"w{i}.py", ""))]);
        new ProgramFiles(wide).Of("main.py").Count.ShouldBe(ProgramFiles.MaxFiles);
    }

    [Fact]
    public void EachFileWithFollowImports_AsksTheWholeProgram()
    {
        var check = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              follow_imports: true
              check:
                all:
                  - contains: { files: ["**/*.py"], pattern: 'download=True' }
                  - contains: { files: ["**/*.py"], pattern: '\.backward\(' }
            """);
        var program = TestRules.Snapshot(
            ("train.py", "from data import loaders\nloss.backward()\n"),
            ("data.py", "def loaders(): return MNIST('.', download=True)\n"));
        var separate = TestRules.Snapshot(
            ("train.py", "loss.backward()\n"),
            ("download.py", "MNIST('.', download=True)\n"));

        var result = check.Evaluate(new CheckContext(program, null, "none"));
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Select(item => item.Path).ShouldContain("data.py");
        check.Evaluate(new CheckContext(separate, null, "none")).Verdict.ShouldBe(Verdict.DoesNotHold);

        // Without follow_imports the same program is judged file by file and fails.
        TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              check:
                all:
                  - contains: { files: ["**/*.py"], pattern: 'download=True' }
                  - contains: { files: ["**/*.py"], pattern: '\.backward\(' }
            """).Evaluate(new CheckContext(program, null, "none")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void EachFileMinShare_AsksEveryEntryPoint_AndHoldsWhenEnoughOfThemDo()
    {
        // Three scripts; each program seeds when the script or a module it imports calls seed().
        var check = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              entry: { contains: { files: ["**/*.py"], pattern: '^if __name__' } }
              follow_imports: true
              min_share: 0.5
              check: { contains: { files: ["**/*.py"], pattern: '\bseed\(' } }
            """);
        var oneOfThree = TestRules.Snapshot(
            ("a.py", "seed(0)\nif __name__ == '__main__':\n    run()\n"),
            ("b.py", "if __name__ == '__main__':\n    run()\n"),
            ("c.py", "if __name__ == '__main__':\n    run()\n"));
        var twoOfThree = TestRules.Snapshot(
            ("a.py", "seed(0)\nif __name__ == '__main__':\n    run()\n"),
            ("b.py", "import common\nif __name__ == '__main__':\n    run()\n"),
            ("common.py", "seed(1)\n"),
            ("c.py", "if __name__ == '__main__':\n    run()\n"));
        var noScripts = TestRules.Snapshot(("lib.py", "def run(): pass\n"));

        var failing = check.Evaluate(new CheckContext(oneOfThree, null, "none"));
        failing.Verdict.ShouldBe(Verdict.DoesNotHold);
        failing.Summary.ShouldBe("only 1 of 3 entry points, fewer than 50%");
        failing.Evidence.Select(item => item.Path).ShouldBe(["b.py", "c.py"]);
        check.Evaluate(new CheckContext(twoOfThree, null, "none")).Verdict.ShouldBe(Verdict.Holds);
        check.Evaluate(new CheckContext(noScripts, null, "none")).Summary.ShouldBe("no entry point to ask");
    }

    [Theory]
    [InlineData("min_share: 0")]
    [InlineData("min_share: 1.5")]
    [InlineData("min_share: 0.5\n  min_files: 2")]
    public void EachFileMinShare_OutOfRangeOrWithMinFiles_IsALoadError(string setting)
    {
        Should.Throw<RepoAudit.Core.Text.LoadException>(() => TestRules.Check($"each_file:\n  files: ['**/*.py']\n  {setting}\n  check: {{ exists: ['x'] }}\n"))
            .Message.ShouldContain("'each_file.min_share' is a share above 0 and at most 1");
    }

    [Fact]
    public void EntryPoint_InsideAProgram_AsksTheScriptAlone_ElsewhereTheScopeAsItIs()
    {
        // The program of train.py holds both files; a fetch only in the module it imports is not the script's own.
        var inScript = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              follow_imports: true
              check: { entry_point: { contains: { files: ["**/*.py"], pattern: 'requests\.get' } } }
            """);
        var inProgram = TestRules.Check("""
            each_file:
              files: ["train.py"]
              follow_imports: true
              check: { contains: { files: ["**/*.py"], pattern: 'requests\.get' } }
            """);
        var helperFetches = TestRules.Snapshot(
            ("train.py", "import helpers\nif __name__ == '__main__':\n    run()\n"),
            ("helpers.py", "def image(url):\n    return requests.get(url)\n"));
        var scriptFetches = TestRules.Snapshot(
            ("train.py", "import helpers\nif __name__ == '__main__':\n    requests.get(URL)\n"),
            ("helpers.py", "def image(url):\n    return url\n"));

        inProgram.Evaluate(new CheckContext(helperFetches, null, "none")).Verdict.ShouldBe(Verdict.Holds);
        // helpers.py is a program of its own too (it imports nothing): only train.py's own fetch would count.
        var onlyFiles = TestRules.Check("""
            each_file:
              files: ["train.py"]
              follow_imports: true
              check: { entry_point: { contains: { files: ["**/*.py"], pattern: 'requests\.get' } } }
            """);
        onlyFiles.Evaluate(new CheckContext(helperFetches, null, "none")).Verdict.ShouldBe(Verdict.DoesNotHold);
        var found = onlyFiles.Evaluate(new CheckContext(scriptFetches, null, "none"));
        found.Verdict.ShouldBe(Verdict.Holds);
        found.Evidence.Select(item => item.Path).ShouldBe(["train.py"]);

        // Over the whole repository there is no entry point to narrow to: the check sees every file.
        TestRules.Check("entry_point: { contains: { files: ['**/*.py'], pattern: 'requests\\.get' } }")
            .Evaluate(new CheckContext(helperFetches, null, "none")).Verdict.ShouldBe(Verdict.Holds);
        inScript.Evaluate(new CheckContext(helperFetches, null, "none")).Verdict.ShouldBe(Verdict.Holds); // helpers.py alone
    }

    [Fact]
    public void EachFileEntry_IsAskedOfTheFileAlone_AndTheCheckOfItsProgram()
    {
        // A script (it has a __main__ guard) whose imported module holds the loop trains; the module on its own is no
        // entry point, and a script that imports nothing with a loop does not train.
        var check = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              entry: { contains: { files: ["**/*.py"], pattern: '^if __name__' } }
              follow_imports: true
              check:
                all:
                  - contains: { files: ["**/*.py"], pattern: '\.backward\(' }
                  - contains: { files: ["**/*.py"], pattern: '\.step\(' }
            """);
        var trains = TestRules.Snapshot(
            ("scripts/train.py", "from pkg.loop import fit\nif __name__ == '__main__':\n    fit()\n"),
            ("pkg/__init__.py", ""),
            ("pkg/loop.py", "def fit():\n    loss.backward()\n    opt.step()\n"));
        var loopOnlyForUsers = TestRules.Snapshot(
            ("scripts/plot.py", "from pkg.draw import show\nif __name__ == '__main__':\n    show()\n"),
            ("pkg/__init__.py", ""),
            ("pkg/draw.py", "def show(): pass\n"),
            ("pkg/loop.py", "def fit():\n    loss.backward()\n    opt.step()\n"));

        var result = check.Evaluate(new CheckContext(trains, null, "none"));
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Summary.ShouldStartWith("in scripts/train.py");
        result.Evidence.Select(item => item.Path).ShouldContain("pkg/loop.py");
        check.Evaluate(new CheckContext(loopOnlyForUsers, null, "none")).Verdict.ShouldBe(Verdict.DoesNotHold);

        // No file passes the entry check: the failure says so rather than listing files that fell short.
        var noEntry = check.Evaluate(new CheckContext(TestRules.Snapshot(("pkg/loop.py", "loss.backward()\nopt.step()\n")), null, "none"));
        noEntry.Verdict.ShouldBe(Verdict.DoesNotHold);
        noEntry.Summary.ShouldBe("none of 1 file is an entry point this check asks about");
    }

    [Fact]
    public void EachFileEntry_ThatCannotBeJudged_LeavesTheOutcomeOpen()
    {
        var check = TestRules.Check("""
            each_file:
              files: ["**/*.py"]
              entry: { unknown_if: { check: { contains: { files: ["**/*.py"], pattern: 'exec\(' } }, reason: "runs code it builds" } }
              check: { contains: { files: ["**/*.py"], pattern: 'backward' } }
            """);

        var result = check.Evaluate(new CheckContext(TestRules.Snapshot(("a.py", "exec(source)\nloss.backward()\n")), null, "none"));

        result.Verdict.ShouldBe(Verdict.Unknown);
    }
}
