using RepoAudit.Core.Checks;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Text;
using RepoAudit.Tests.Support;
using static RepoAudit.Tests.Support.TestRules;

namespace RepoAudit.Tests.Checks;

/// <summary>The code-aware primitives, `imports` and `calls`, on in-memory repositories.</summary>
public sealed class CodePrimitiveTests
{
    private const string Train = """
        '''Trains. Example: model.fit(X, validation_split=0.5)'''
        import numpy as np
        from sklearn.model_selection import train_test_split
        from torch import manual_seed

        # torch.manual_seed(0) was here
        np.random.seed(0)
        manual_seed(1)
        X_tr, X_te = train_test_split(X, test_size=0.2, shuffle=False)
        history = self.model.fit(X_tr, validation_split=0.0, optimizer="adam")
        """;

    private static string Notebook(params string[] cells) =>
        "{\"cells\": [" + string.Join(", ", cells.Select(c => $"{{\"cell_type\": \"code\", \"outputs\": [], \"source\": {System.Text.Json.JsonSerializer.Serialize(c)}}}")) + "], \"nbformat\": 4}";

    [Theory]
    [InlineData("torch", true)]
    [InlineData("sklearn", true)]
    [InlineData("sklearn.model_selection", true)]
    [InlineData("sklearn.model_selection.train_test_split", true)]
    [InlineData("sklearn.metrics", false)]
    [InlineData("tensorflow", false)]
    [InlineData("nump", false)]
    public void Imports_ModuleOrSubmodule(string module, bool holds)
    {
        Evaluate($"imports: {{ modules: [{module}] }}", ("src/train.py", Train)).Verdict.ShouldBe(holds ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void ImportsThirdParty_IgnoresTheStandardLibraryRelativeImportsAndTheRepositorysOwnModules()
    {
        const string thirdParty = "imports: { third_party: true }";
        var own = new (string, string)[]
        {
            ("pkg/__init__.py", "from .engine import Value\nimport os.path, json\nfrom __future__ import annotations\n"),
            ("pkg/engine.py", "import math\nimport helpers\nfrom pkg import engine\n"),
            ("tools/helpers.py", "import collections.abc\n"),
        };
        Evaluate(thirdParty, own).Verdict.ShouldBe(Verdict.DoesNotHold);

        var result = Evaluate(thirdParty, [.. own, ("pkg/plots.py", "import math\nimport matplotlib.pyplot as plt\n")]);
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().ShouldBe(new("pkg/plots.py", 2, null, "line 2: import matplotlib.pyplot as plt"));
    }

    [Fact]
    public void Imports_EvidenceNamesFileLineAndTheImport()
    {
        var result = Evaluate("imports: { modules: [torch, sklearn] }", ("src/train.py", Train));

        result.Evidence.Single().Path.ShouldBe("src/train.py");
        result.Evidence.Single().Line.ShouldBe(3);
        result.Evidence.Single().Detail.ShouldBe("line 3: from sklearn.model_selection import train_test_split");
        result.Summary.ShouldBe("found in src/train.py:3");
    }

    [Fact]
    public void Imports_CommentedOrInAStringDoNotCount_AndTheSummarySaysWhatWasSought()
    {
        var result = Evaluate("imports: { modules: [wandb] }", ("a.py", "# import wandb\ns = 'import wandb'\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("no import of wandb in a.py");
    }

    [Fact]
    public void Imports_NotebookCellsRAndJulia_MinFilesAndExclude()
    {
        var files = new[]
        {
            ("nb.ipynb", Notebook("%pip install torch", "import torch.nn as nn")),
            ("R/fit.R", "library(torch)\n"),
            ("src/M.jl", "using Flux\n"),
            ("vendor/x.py", "import torch\n"),
        };

        var notebook = Evaluate("imports: { files: [\"**/*.ipynb\"], modules: [torch] }", files);
        notebook.Evidence.Single().Detail.ShouldBe("cell 2, line 1: import torch.nn as nn");
        notebook.Evidence.Single().Line.ShouldBeNull();
        Evaluate("imports: { modules: [torch], min_files: 3 }", files).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("imports: { modules: [torch], min_files: 3, exclude: [\"vendor/**\"] }", files).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate("imports: { modules: [Flux] }", files).Evidence.Single().Path.ShouldBe("src/M.jl");
    }

    [Fact]
    public void Calls_InANotebook_ResolveThroughTheImportsOfEarlierCells()
    {
        // a kernel runs the cells in one namespace: cell 3's tfds is cell 1's tensorflow_datasets, while a name that
        // is only imported further down is not known yet where it is called
        var files = new[]
        {
            ("nb.ipynb", Notebook("import tensorflow_datasets as tfds\nfrom sklearn import metrics", "%matplotlib inline", "ds = tfds.load('mnist')\nacc = metrics.accuracy_score(y, p)\nnp.load('x.npy')", "import numpy as np")),
        };

        var load = Evaluate("calls: { name: [tensorflow_datasets.load] }", files);
        load.Verdict.ShouldBe(Verdict.Holds);
        load.Evidence[0].Detail.ShouldBe("cell 3, line 1: tfds.load('mnist')");
        Evaluate("calls: { name: [sklearn.metrics.accuracy_score] }", files).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("calls: { name: [numpy.load] }", files).Verdict.ShouldBe(Verdict.DoesNotHold);
        // another notebook does not share the first one's names
        Evaluate("calls: { name: [tensorflow_datasets.load] }", [("other.ipynb", Notebook("ds = tfds.load('mnist')"))]).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Notebooks_AreReadInTheirKernelsLanguage_OncePerFile()
    {
        var rNotebook = """{"metadata": {"kernelspec": {"language": "R", "name": "ir"}}, "cells": [{"cell_type": "code", "outputs": [], "source": "library(caret) # import torch\nset.seed(1)"}], "nbformat": 4}""";
        var snapshot = TestRules.Snapshot(("analysis.ipynb", rNotebook));

        var views = snapshot.Code("analysis.ipynb", out var problem);

        problem.ShouldBeNull();
        views.ShouldNotBeNull().Single().Language.ShouldBe(Core.Code.CodeLanguage.R);
        views.Single().Imports.Single().Module.ShouldBe("caret");
        snapshot.Code("analysis.ipynb", out _).ShouldBeSameAs(views);
        snapshot.Code("README.md", out var notCode).ShouldBeNull();
        notCode.ShouldBe("not a code file");
    }

    [Fact]
    public void Imports_UnreadableFileIsCountedNotFatal()
    {
        var result = Evaluate("imports: { modules: [torch] }", ("a.py", "\0\0binary"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldContain("1 file could not be searched");
    }

    [Theory]
    [InlineData("torch.manual_seed", true)] // written manual_seed, resolved through `from torch import manual_seed`
    [InlineData("manual_seed", true)]
    [InlineData("numpy.random.seed", true)]
    [InlineData("np.random.seed", true)]
    [InlineData("**.seed", true)]
    [InlineData("**.fit", true)]
    [InlineData("*.fit", false)]
    [InlineData("self.*.fit", true)]
    [InlineData("sklearn.model_selection.train_test_split", true)]
    [InlineData("tensorflow.**", false)]
    public void Calls_NamePatterns(string pattern, bool holds)
    {
        Evaluate($"calls: {{ name: ['{pattern}'] }}", ("src/train.py", Train)).Verdict.ShouldBe(holds ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void Calls_EvidenceIsTheCallOnOneLine_AndCommentsOrDocstringsNeverCount()
    {
        var result = Evaluate("calls: { name: ['torch.manual_seed'] }", ("src/train.py", Train));

        result.Evidence.Single().Line.ShouldBe(8);
        result.Evidence.Single().Detail.ShouldBe("line 8: manual_seed(1)");
        Evaluate("calls: { name: ['**.fit'], keyword: { name: validation_split, value: '> 0.1' } }", ("src/train.py", Train))
            .Verdict.ShouldBe(Verdict.DoesNotHold); // 0.5 is only in the docstring
    }

    [Fact]
    public void Calls_EvidenceIsTheEarliestCallOfAnyName_TheInnermostWhereCallsShareALine()
    {
        var file = ("a.py", "clf.predict(x)\nmodel.fit(y)\n");
        var nested = ("b.py", "clf.predict(model.fit(y))\n");

        Evaluate("calls: { name: ['**.fit', '**.predict'] }", file).Evidence.Single().Detail.ShouldBe("line 1: clf.predict(x)");
        Evaluate("calls: { name: ['**.fit'] }", file).Evidence.Single().Detail.ShouldBe("line 2: model.fit(y)");
        Evaluate("calls: { name: ['**.predict', '**.fit'] }", nested).Evidence.Single().Detail.ShouldBe("line 1: model.fit(y)");
        Evaluate("calls: { name: ['**'] }", nested).Evidence.Single().Detail.ShouldBe("line 1: model.fit(y)");
    }

    [Theory]
    [InlineData("{ name: validation_split }", true)]
    [InlineData("{ name: validation_split, value: present }", true)]
    [InlineData("{ name: validation_split, value: '> 0' }", false)]
    [InlineData("{ name: validation_split, value: '>= 0' }", true)]
    [InlineData("{ name: validation_split, value: '< 0.1' }", true)]
    [InlineData("{ name: validation_split, value: '<= -1' }", false)]
    [InlineData("{ name: validation_split, value: '== 0' }", true)]
    [InlineData("{ name: optimizer, value: \"== 'adam'\" }", true)]
    [InlineData("{ name: optimizer, value: '!= adam' }", false)]
    [InlineData("{ name: optimizer, value: 'not none' }", true)]
    [InlineData("{ name: optimizer, value: { matches: '^.ad' } }", true)]
    [InlineData("{ name: optimizer, value: 'matches: sgd' }", false)]
    [InlineData("{ name: epochs, value: present }", false)]
    [InlineData("{ name: epochs, value: '!= 3' }", false)]
    [InlineData("{ name: epochs, value: absent }", true)] // the fit call passes no epochs
    [InlineData("{ name: optimizer, value: absent }", false)]
    public void Calls_KeywordConditions(string keyword, bool holds)
    {
        Evaluate($"calls: {{ name: ['**.fit'], keyword: {keyword} }}", ("src/train.py", Train)).Verdict.ShouldBe(holds ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Theory]
    [InlineData("{ position: 1 }", "a.py", true)]
    [InlineData("{ position: 1, value: not none }", "a.py", true)] // torch.manual_seed(42)
    [InlineData("{ position: 1, value: '== 42' }", "a.py", true)]
    [InlineData("{ position: 2, value: present }", "a.py", false)]
    [InlineData("{ position: 1, value: not none }", "b.py", false)] // np.random.seed() and seed(None) seed from the clock
    [InlineData("{ position: 1, name: seed, value: not none }", "c.py", true)] // set_seed(seed=7) binds the parameter by name
    [InlineData("{ position: 1, value: not none }", "c.py", false)]
    [InlineData("{ position: 1, value: not none }", "d.R", true)]
    public void Calls_PositionalArgumentConditions(string argument, string file, bool holds)
    {
        var files = new[]
        {
            ("a.py", "import torch\ntorch.manual_seed(42)\n"),
            ("b.py", "import numpy as np\nnp.random.seed()\nnp.random.seed(None)\nnp.random.seed(seed=None)\n"),
            ("c.py", "from transformers import set_seed\nset_seed(seed=7)\n"),
            ("d.R", "set.seed(2024L)\n"),
        };

        Evaluate($"calls: {{ name: [torch.manual_seed, numpy.random.seed, transformers.set_seed, set.seed], files: ['{file}'], argument: {argument} }}", files)
            .Verdict.ShouldBe(holds ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void Calls_KeywordAndArgumentTogether_BothMustHold_AndTheSummaryNamesBoth()
    {
        var file = ("a.py", "import numpy as np\nrng = np.random.default_rng(0, bit_generator=None)\n");

        Evaluate("calls: { name: [numpy.random.default_rng], argument: { position: 1, value: '== 0' }, keyword: { name: bit_generator } }", file)
            .Verdict.ShouldBe(Verdict.Holds);
        Evaluate("calls: { name: [numpy.random.default_rng], argument: { position: 1, value: '== 0' }, keyword: { name: bit_generator, value: not none } }", file)
            .Summary.ShouldBe("no call to numpy.random.default_rng with bit_generator not None and argument 1 == 0 in a.py");
    }

    [Fact]
    public void Calls_AListOfKeywords_MustAllBePassedByTheSameCall()
    {
        const string Check = "calls: { name: [huggingface_hub.snapshot_download], keyword: [{ name: repo_type, value: '== dataset' }, { name: revision, value: not none }] }";
        var oneCall = ("a.py", "from huggingface_hub import snapshot_download\nsnapshot_download('acme/data', repo_type='dataset', revision=REV)\n");
        var twoCalls = ("b.py", "from huggingface_hub import snapshot_download\nsnapshot_download('acme/data', repo_type='dataset')\nsnapshot_download('acme/model', revision=REV)\n");

        Evaluate(Check, oneCall).Verdict.ShouldBe(Verdict.Holds);
        Evaluate(Check, twoCalls).Summary.ShouldBe("no call to huggingface_hub.snapshot_download with repo_type == dataset and revision not None in b.py");
    }

    [Fact]
    public void Calls_AnyArgument_AsksEveryArgument_PositionalOrKeyword_AcrossLines()
    {
        var positional = ("a.py", "results = test(\n    args,\n    dqn,\n    val_mem,\n)\n");
        var keyword = ("b.py", "test.test(data_dict,\n          model=ema,\n          dataloader=testloader)\n");
        var training = ("c.py", "test(args, dqn, train_mem)\n");
        const string Check = "calls: { name: ['**.test'], any_argument: { value: { matches: '^(val|test)\\w*$' } } }";

        var result = Evaluate(Check, positional);
        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("line 1: test( args, dqn, val_mem, )");
        Evaluate(Check, keyword).Verdict.ShouldBe(Verdict.Holds);
        Evaluate(Check, training).Summary.ShouldBe("no call to **.test with an argument matching '^(val|test)\\w*$' in c.py");
    }

    [Fact]
    public void Calls_NotNone_RejectsNoneNullAndNothing()
    {
        var files = new[] { ("a.py", "f(seed=None)\n"), ("b.R", "f(seed = NULL)\n"), ("c.jl", "f(seed=nothing)\n") };

        Evaluate("calls: { name: [f], keyword: { name: seed, value: not none } }", files).Verdict.ShouldBe(Verdict.DoesNotHold);
        Evaluate("calls: { name: [f], keyword: { name: seed, value: present }, min_files: 3 }", files).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void Calls_RAndJulia_AndDecorators()
    {
        var files = new[]
        {
            ("R/train.R", "set.seed(42)\nfit <- caret::train(y ~ ., data = d, trControl = ctrl)\n"),
            ("src/train.jl", "using Random\nRandom.seed!(7)\n"),
            ("main.py", "import hydra\n\n@hydra.main(config_path='conf', version_base=None)\ndef main(cfg): ...\n"),
        };

        Evaluate("calls: { name: [set.seed] }", files).Evidence.Single().Detail.ShouldBe("line 1: set.seed(42)");
        Evaluate("calls: { name: [caret.train], keyword: { name: trControl } }", files).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("calls: { name: ['Random.seed!'] }", files).Evidence.Single().Line.ShouldBe(2);
        var hydra = Evaluate("calls: { name: [hydra.main], keyword: { name: config_path, value: '== conf' } }", files);
        hydra.Evidence.Single().Detail.ShouldBe("line 3: hydra.main(config_path='conf', version_base=None)");
    }

    [Fact]
    public void Calls_NoMatch_SummaryNamesPatternAndKeyword()
    {
        var result = Evaluate("calls: { name: ['**.fit'], keyword: { name: epochs, value: '> 1' } }", ("a.py", "model.fit(X)\n"));

        result.Summary.ShouldBe("no call to **.fit with epochs > 1 in a.py");
    }

    private static LoadException LoadError(string check) =>
        Should.Throw<LoadException>(() => RuleLoader.Parse("team/rule.yml", Rule(check: "check:\n  " + check), "team"));

    [Theory]
    [InlineData("imports: { files: [\"**/*.py\"] }", "'imports' needs 'modules'", 9, 12)]
    [InlineData("imports: { modules: ['torch..nn'] }", "'torch..nn' is not a module name", 9, 23)]
    [InlineData("imports: { modules: [torch], min_files: 0 }", "'imports.min_files' must be a whole number", 9, 43)]
    [InlineData("imports: { modules: [torch], module: [x] }", "module", 9, 32)]
    [InlineData("calls: { keyword: { name: x } }", "'calls' needs 'name'", 9, 10)]
    [InlineData("calls: { name: ['torch.*_seed'] }", "found '*_seed'", 9, 18)]
    [InlineData("calls: { name: ['a..b'] }", "empty segment", 9, 18)]
    [InlineData("calls: { name: [f], keyword: { value: '> 0' } }", "'calls.keyword' needs 'name'", 9, 32)]
    [InlineData("calls: { name: [f], keyword: { name: 'a b' } }", "must be an argument name", 9, 40)]
    [InlineData("calls: { name: [f], keyword: { name: x, value: 'about 3' } }", "must be present, absent, not none, a comparison", 9, 50)]
    [InlineData("calls: { name: [f], keyword: { name: x, value: '> many' } }", "compares with a number", 9, 50)]
    [InlineData("calls: { name: [f], keyword: { name: x, value: { matches: '(' } } }", "invalid regex", 9, 61)]
    [InlineData("calls: { name: [f], keyword: { name: x, value: 'matches: (' } }", "invalid regex", 9, 50)]
    [InlineData("calls: { name: [f], files: ['../x'] }", "cannot reach outside", 9, 30)]
    [InlineData("calls: { name: [f], argument: { name: seed } }", "'calls.argument' needs 'position'", 9, 33)]
    [InlineData("calls: { name: [f], argument: { position: 0 } }", "'calls.argument.position' must be a whole number from 1 to 64", 9, 45)]
    [InlineData("calls: { name: [f], argument: { position: 1, value: 'about 3' } }", "'calls.argument.value' must be present, absent, not none", 9, 55)]
    public void ArgumentErrors_NameFileLineAndColumn(string check, string expected, int line, int column)
    {
        var error = LoadError(check);

        error.File.ShouldBe("team/rule.yml");
        error.Problem.ShouldContain(expected);
        (error.Line, error.Column).ShouldBe((line, column));
    }
}
