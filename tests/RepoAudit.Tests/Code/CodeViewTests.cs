using RepoAudit.Core.Code;

namespace RepoAudit.Tests.Code;

public sealed class CodeViewTests
{
    private static CodeView Python(string text) => CodeView.Parse(text, CodeLanguage.Python);

    [Fact]
    public void Views_KeepLengthAndLines()
    {
        const string text = "# a comment\nx = 'str'  # tail\n\"\"\"doc\nstring\"\"\"\n";
        var view = Python(text);

        foreach (var region in new[] { view.Code, view.Strings, view.Comments })
        {
            region.Length.ShouldBe(text.Length);
            region.Split('\n').Length.ShouldBe(text.Split('\n').Length);
        }
    }

    [Fact]
    public void StringsAndCommentsViews_KeepOnlyTheirCharacters_AndEveryKindOfLineBreak()
    {
        var view = Python("x = 'ab'  # c\r\ny = \"d\"\r# e\n");

        view.Strings.ShouldBe("     ab      \r\n     d \r   \n");
        view.Comments.ShouldBe("          # c\r\n       \r# e\n");
    }

    [Fact]
    public void Python_CommentsAndDocstringsLeaveTheCode_StringLiteralsStay()
    {
        const string text = """
            '''Module docstring with https://example.com/url.'''
            import torch  # https://pytorch.org

            def load(split="test"):
                "One-line docstring mentioning assert."
                url = "https://data.example.com/x.csv"
                return url

            class Model:
                r'''Raw docstring.'''
                pass
            """;
        var view = Python(text);

        view.Code.ShouldContain("split=\"test\"");
        view.Code.ShouldContain("\"https://data.example.com/x.csv\"");
        view.Code.ShouldNotContain("pytorch.org");
        view.Code.ShouldNotContain("Module docstring");
        view.Code.ShouldNotContain("assert");
        view.Code.ShouldNotContain("Raw docstring");
        view.Strings.ShouldContain("https://data.example.com/x.csv");
        view.Strings.ShouldNotContain("Module docstring");
        view.Strings.ShouldNotContain("\"https"); // contents only, not the quotes
        view.Comments.ShouldContain("# https://pytorch.org");
        view.Comments.ShouldContain("One-line docstring mentioning assert.");
        view.Comments.ShouldNotContain("data.example.com");
    }

    [Theory]
    [InlineData("x = rb'a#b'\n")]
    [InlineData("x = Rb\"a#b\"\n")]
    [InlineData("x = f'{y[\"a#b\"]}'\n")]
    [InlineData("x = f\"{y[\"a#b\"]}\"\n")] // Python 3.12 nests the same quote
    [InlineData("x = F'''{ {'k': 'a#b'}['k'] }'''\n")]
    [InlineData("x = u'a#b'\n")]
    [InlineData("x = fr'{y}a#b'\n")]
    public void Python_StringPrefixesAndFStrings_AreOneString(string text)
    {
        var view = Python(text);

        view.Comments.Trim().ShouldBeEmpty();
        view.Code.ShouldBe(text);
        view.Strings.ShouldContain("a#b");
    }

    [Fact]
    public void Python_FStringEscapedBraces_DoNotOpenAnExpression()
    {
        var view = Python("x = f'{{not code}} \"'  # c\n");

        view.Comments.Trim().ShouldBe("# c");
    }

    [Fact]
    public void Python_StringInsideAnExpression_IsNotADocstring()
    {
        var view = Python("x = (\n    'not a docstring'\n)\nprint('also not')\nf('a'\n  'b')\n");

        view.Comments.Trim().ShouldBeEmpty();
        view.Strings.ShouldContain("not a docstring");
    }

    [Fact]
    public void Python_BareStringStatementsAndImplicitConcatenation_AreDocstrings()
    {
        var view = Python("def f():\n    'part one' 'part two'\n    return 1\nif x: 'inline doc'\n");

        view.Comments.ShouldContain("part one");
        view.Comments.ShouldContain("part two");
        view.Comments.ShouldContain("inline doc");
        view.Code.ShouldNotContain("part");
    }

    [Fact]
    public void Python_LineContinuationAndBrackets_KeepOneStatement()
    {
        var view = Python("x = 1 + \\\n    'continued'\ny = [\n  'in a list'\n]\n");

        view.Comments.Trim().ShouldBeEmpty();
    }

    [Fact]
    public void Python_UnterminatedStringEndsAtTheLine()
    {
        var view = Python("x = 'oops\n# a real comment\n");

        view.Comments.ShouldContain("# a real comment");
    }

    [Fact]
    public void Notebook_MagicsAndShellLinesAreNotPython()
    {
        var view = CodeView.Parse("%matplotlib inline\n!pip install torch\nimport numpy as np\nnp.random.seed(0)\n", CodeLanguage.Python, "cell 1", notebookCell: true);

        view.Imports.Select(i => i.Module).ShouldBe(["numpy"]);
        view.Calls.Single().Resolved.ShouldBe("numpy.random.seed");
        view.Code.ShouldContain("!pip install torch"); // still searchable as code
        view.Cell.ShouldBe("cell 1");
    }

    [Fact]
    public void Notebook_ShellCellMagic_IsNotReadAsPython()
    {
        var view = CodeView.Parse("%%bash\nimport x\nrun()\n", CodeLanguage.Python, "cell 1", notebookCell: true);

        view.Imports.ShouldBeEmpty();
        view.Calls.ShouldBeEmpty();
        CodeView.Parse("%%time\nimport x\n", CodeLanguage.Python, notebookCell: true).Imports.Single().Module.ShouldBe("x");
    }

    [Fact]
    public void R_CommentsStringsAndRawStrings()
    {
        const string text = "# roxygen-free comment\nlibrary(caret) # load\nx <- r\"(a \" # not a comment)\"\ny <- 'it\\'s'\nset.seed(42)\n";
        var view = CodeView.Parse(text, CodeLanguage.R);

        view.Comments.ShouldContain("# roxygen-free comment");
        view.Comments.ShouldContain("# load");
        view.Comments.ShouldNotContain("not a comment");
        view.Strings.ShouldContain("a \" # not a comment");
        view.Code.ShouldContain("set.seed(42)");
        view.Calls.Select(c => c.Name).ShouldContain("set.seed");
    }

    [Fact]
    public void Julia_NestedBlockCommentsStringsAndDocstrings()
    {
        const string text = """
            #= outer #= inner =# still comment =#
            "Docstring for train."
            function train(x)
                s = "value # not comment $(f("nested"))"
                c = '#'
                A' * x  # transpose, then a comment
            end
            """;
        var view = CodeView.Parse(text, CodeLanguage.Julia);

        view.Comments.ShouldContain("still comment =#");
        view.Comments.ShouldContain("Docstring for train.");
        view.Comments.ShouldContain("# transpose");
        view.Comments.ShouldNotContain("not comment");
        view.Code.ShouldContain("\"value # not comment $(f(\"nested\"))\"");
        view.Code.ShouldNotContain("Docstring");
    }

    [Fact]
    public void Julia_CommentsBetweenDocstringAndDefinition_AndBeforeACharLiteral()
    {
        var view = CodeView.Parse("x = 1\n\"Docs.\"  # tail\n# more\nfunction f() end\nc = #= c =#'a'\n", CodeLanguage.Julia);

        view.Comments.ShouldContain("Docs.");
        view.Strings.Trim().ShouldBe("a"); // after a comment, ' opens a character literal, not a transpose
    }

    [Fact]
    public void Python_CommentAfterADocstring_AndNoCommentsAtAll()
    {
        const string line = "    \"Doc.\"  # why";
        const string plain = "x = f('s')\n";

        Python($"def f():\n{line}\n    return 1\n").Code.ShouldBe($"def f():\n{new string(' ', line.Length)}\n    return 1\n");
        Python(plain).Code.ShouldBe(plain);
    }

    [Fact]
    public void Scala_CommentsAreStripped_CLike()
    {
        var view = CodeView.Parse("// line\n/* block /* nested */ still */ val s = \"// kept\"\n", CodeLanguage.Scala);

        view.Code.Trim().ShouldBe("val s = \"// kept\"");
        view.Comments.ShouldContain("still */");
    }

    [Fact]
    public void RMarkdown_ReadsChunksInTheirLanguage_ProseIsComment()
    {
        const string text = "Prose mentions set.seed(1).\n\n```{r setup}\nlibrary(dplyr)\nset.seed(2)\n```\n\n```{python}\nimport torch\n```\n";
        var view = CodeView.ForFile("report.Rmd", text, CodeLanguage.R);

        view.Code.ShouldNotContain("set.seed(1)");
        view.Comments.ShouldContain("Prose mentions");
        view.Calls.Where(c => c.Name == "set.seed").Select(c => c.Line).ShouldBe([5]);
        view.Imports.Select(i => i.Module).ShouldBe(["dplyr", "torch"]);
    }
}
