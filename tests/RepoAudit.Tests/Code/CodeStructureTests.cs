using RepoAudit.Core.Code;

namespace RepoAudit.Tests.Code;

public sealed class CodeStructureTests
{
    private static CodeView Python(string text) => CodeView.Parse(text, CodeLanguage.Python);

    private static CodeCall Call(CodeView view, string name) => view.Calls.Single(call => call.Name == name);

    [Fact]
    public void Python_ImportsOfEveryShape_WithLines()
    {
        var view = Python("""
            import os, numpy as np
            import torch.nn as nn
            from sklearn.model_selection import (
                train_test_split as split,
                KFold,
            )
            from . import utils
            from ..models.net import Net
            try: import yaml
            except ImportError: pass
            # import commented_out
            text = "import in_a_string"
            """);

        view.Imports.Select(i => (i.Module, i.Line)).ShouldBe(
            [("os", 1), ("numpy", 1), ("torch.nn", 2), ("sklearn.model_selection", 3), (".", 7), ("..models.net", 8), ("yaml", 9)]);
        view.Imports[3].Names.ShouldBe(["train_test_split", "KFold"]);
        view.Imports[3].Covers("sklearn").ShouldBeTrue();
        view.Imports[3].Covers("sklearn.model_selection.KFold").ShouldBeTrue();
        view.Imports[3].Covers("sklearn.metrics").ShouldBeFalse();
        view.Imports[2].Covers("torch").ShouldBeTrue();
        view.Imports[2].Covers("torchvision").ShouldBeFalse();
    }

    [Fact]
    public void Python_CallsResolveThroughImportAliases()
    {
        var view = Python("""
            import numpy as np
            from sklearn.model_selection import train_test_split
            from torch import manual_seed as seed
            np.random.seed(0)
            X_tr, X_te = train_test_split(X, test_size=0.2, random_state=42)
            seed(1)
            self.model.fit(X_tr)
            """);

        Call(view, "np.random.seed").Resolved.ShouldBe("numpy.random.seed");
        Call(view, "np.random.seed").Line.ShouldBe(4);
        Call(view, "train_test_split").Resolved.ShouldBe("sklearn.model_selection.train_test_split");
        Call(view, "seed").Resolved.ShouldBe("torch.manual_seed");
        Call(view, "self.model.fit").Resolved.ShouldBe("self.model.fit");
    }

    [Fact]
    public void Python_ArgumentsPositionalAndKeyword_WithBalancedValues()
    {
        var view = Python("""
            model.fit(X, y,
                      validation_split=0.2,  # a comment inside
                      callbacks=[EarlyStopping(patience=3), f(a, b)],
                      **extra,
            )
            """);

        var fit = Call(view, "model.fit");
        fit.PositionalCount.ShouldBe(2);
        fit.Keyword("validation_split").ShouldBe("0.2");
        fit.Keyword("callbacks").ShouldBe("[EarlyStopping(patience=3), f(a, b)]");
        fit.Keyword("patience").ShouldBeNull();
        fit.Text.ShouldBe("model.fit(X, y, validation_split=0.2, # a comment inside callbacks=[EarlyStopping(patience=3), f(a, b)], **extra, )");
        Call(view, "EarlyStopping").Keyword("patience").ShouldBe("3");
        Call(view, "f").PositionalCount.ShouldBe(2);
    }

    [Fact]
    public void Python_LongArgumentValuesAndCallTexts_AreCutWithAnEllipsis()
    {
        var value = new string('a', 1000);
        var view = Python($"model.fit({value}, epochs={value}\n\n)\n");

        var fit = Call(view, "model.fit");
        fit.Arguments.Select(a => a.Keyword).ShouldBe([null, "epochs"]);
        fit.Arguments[0].Value.ShouldBe(new string('a', 200) + "…");
        fit.Keyword("epochs").ShouldBe(new string('a', 200) + "…");
        fit.Text.ShouldBe("model.fit(" + new string('a', 150) + "…");
        fit.Text.ShouldBeSameAs(fit.Text); // made once, then kept
        fit.Arguments.ShouldBeSameAs(fit.Arguments);
    }

    [Fact]
    public void Python_DecoratorsResolveThroughImports_NamesThatStandForThemselvesStay()
    {
        var view = Python("import torch as t\nimport numpy\n@t.no_grad\ndef f(): numpy.mean(x)\n");

        Call(view, "t.no_grad").Resolved.ShouldBe("torch.no_grad");
        Call(view, "numpy.mean").Resolved.ShouldBe("numpy.mean");
    }

    [Fact]
    public void R_BackquotedKeywordArgument_IsNamedWithoutItsQuotes()
    {
        var view = CodeView.Parse("fit(`my arg` = 1, x)\n", CodeLanguage.R);

        Call(view, "fit").Keyword("my arg").ShouldBe("1");
        Call(view, "fit").PositionalCount.ShouldBe(1);
    }

    [Fact]
    public void Python_ComparisonsAreNotKeywords_DefinitionsAreNotCalls()
    {
        var view = Python("def train(lr=0.1):\n    return check(a == b, c=d)\nclass Net(Module):\n    pass\nif (x):\n    pass\n");

        view.Calls.Select(c => c.Name).ShouldBe(["check"]);
        Call(view, "check").PositionalCount.ShouldBe(1);
        Call(view, "check").Keyword("c").ShouldBe("d");
    }

    [Fact]
    public void Python_DecoratorsAreCalls_BareOnesToo()
    {
        var view = Python("import hydra\n@hydra.main(config_path=\"conf\")\ndef main(cfg):\n    pass\n@torch.no_grad\ndef ev(): pass\n");

        Call(view, "hydra.main").Keyword("config_path").ShouldBe("\"conf\"");
        Call(view, "torch.no_grad").Line.ShouldBe(5);
        Call(view, "torch.no_grad").Arguments.ShouldBeEmpty();
    }

    [Fact]
    public void Python_CallOnACallResult_IsWrittenWithAPlaceholder()
    {
        var view = Python("Model(lr=1).fit(X)\n");

        view.Calls.Select(c => c.Name).ShouldBe(["Model", "().fit"]);
    }

    [Fact]
    public void Python_CallsInCommentsAndStringsAreNotCalls()
    {
        var view = Python("# model.fit(x)\ns = 'model.fit(x)'\n\"\"\"model.fit(x)\"\"\"\n");

        view.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void R_PackagesFromLibraryRequireNamespaceAndDoubleColon()
    {
        var view = CodeView.Parse("""
            library(caret)
            require("randomForest")
            if (!requireNamespace("xgboost", quietly = TRUE)) stop()
            pkgs <- "x"; library(pkgs, character.only = TRUE)
            model <- glmnet::cv.glmnet(x, y, nfolds = 5)
            set.seed(42)
            """, CodeLanguage.R);

        view.Imports.Select(i => (i.Module, i.Line)).ShouldBe([("caret", 1), ("randomForest", 2), ("xgboost", 3), ("glmnet", 5)]);
        var cv = Call(view, "glmnet::cv.glmnet");
        cv.Keyword("nfolds").ShouldBe("5");
        cv.PositionalCount.ShouldBe(2);
        Call(view, "set.seed").Arguments.Single().Value.ShouldBe("42");
    }

    [Fact]
    public void Julia_UsingImportAndCallsWithKeywordsAfterASemicolon()
    {
        var view = CodeView.Parse("""
            using Flux, Random
            using MLJ: evaluate, machine
            import Statistics as Stats
            Random.seed!(42)
            evaluate(model, X, y; resampling=CV(nfolds=5))
            m = Stats.mean.(xs)
            """, CodeLanguage.Julia);

        view.Imports.Select(i => i.Module).ShouldBe(["Flux", "Random", "MLJ", "Statistics"]);
        view.Imports[2].Names.ShouldBe(["evaluate", "machine"]);
        Call(view, "Random.seed!").Line.ShouldBe(4);
        Call(view, "evaluate").Resolved.ShouldBe("MLJ.evaluate");
        Call(view, "evaluate").Keyword("resampling").ShouldBe("CV(nfolds=5)");
        Call(view, "evaluate").PositionalCount.ShouldBe(3);
        Call(view, "Stats.mean").Resolved.ShouldBe("Statistics.mean");
    }

    [Fact]
    public void CallsEndingIn_FindsCallsByTheLastSegmentOfTheirNameAsWrittenOrAsResolved()
    {
        var view = Python("""
            from torch import manual_seed as ms
            import numpy as np
            ms(1)
            np.random.seed(2)
            reseed(3)
            np.random.seed(seed(4))
            """);

        string[] Names(string segment) => [.. view.CallsEndingIn(segment).Select(at => view.Calls[at].Name)];

        Names("manual_seed").ShouldBe(["ms"]); // as resolved, torch.manual_seed
        Names("ms").ShouldBe(["ms"]);
        Names("seed").ShouldBe(["np.random.seed", "seed", "np.random.seed"]); // in Calls' order, innermost first
        Names("eed").ShouldBeEmpty();
        CodeView.Parse("x <- stats::median(y)\n", CodeLanguage.R).CallsEndingIn("median").ShouldBe([0]);
    }

    [Theory]
    [InlineData("**.fit", "fit", true)]
    [InlineData("**.fit", "model.fit", true)]
    [InlineData("**.fit", "self.model.fit", true)]
    [InlineData("**.fit", "().fit", true)]
    [InlineData("**.fit", "fit_transform", false)]
    [InlineData("**.fit", "model.refit", false)]
    [InlineData("**.fit", "pkg:::fit", true)]
    [InlineData("**.mean", "Stats::mean", true)]
    [InlineData("**.fit", "a:fit", false)]
    [InlineData("*.fit", "fit", false)]
    [InlineData("*.fit", "model.fit", true)]
    [InlineData("*.fit", "self.model.fit", false)]
    [InlineData("torch.**", "torch.cuda.manual_seed_all", true)]
    [InlineData("torch.manual_seed", "torch.manual_seed", true)]
    [InlineData("glmnet.cv.glmnet", "glmnet::cv.glmnet", true)]
    [InlineData("**", "anything.at.all", true)]
    public void NamePattern_MatchesSegmentWise(string pattern, string name, bool expected)
    {
        NamePattern.TryParse(pattern, out _)!.Matches(name).ShouldBe(expected);
    }

    [Theory]
    [InlineData("torch..seed", "empty segment")]
    [InlineData("torch.*_seed", "found '*_seed'")]
    public void NamePattern_Malformed_IsExplained(string pattern, string expected)
    {
        NamePattern.TryParse(pattern, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain(expected);
    }
}
