using RepoAudit.Core.Text;

namespace RepoAudit.Tests.Text;

public sealed class TomlTests
{
    private static DataMap Parse(string text) => Toml.Parse(text).ShouldBeOfType<DataMap>();

    private static string? Scalar(DataNode root, string path) =>
        DataNodes.Select(root, path).Single().Node.ShouldBeOfType<DataScalar>().Value;

    private static string ErrorOf(string text) => Should.Throw<FormatException>(() => Toml.Parse(text)).Message;

    [Fact]
    public void EmptyDocument_IsAnEmptyRootTable()
    {
        var root = Parse("");

        root.Entries.ShouldBeEmpty();
        root.Line.ShouldBe(1);
    }

    [Fact]
    public void CommentsAndBlankLines_AreIgnored()
    {
        var root = Parse("# header\n\n  # indented\nname = \"x\" # trailing\n\n");

        root.Entries.Count.ShouldBe(1);
        Scalar(root, "name").ShouldBe("x");
    }

    [Fact]
    public void BareQuotedAndDottedKeys_BuildNestedTables()
    {
        var root = Parse("""
            bare-key_1 = 1
            "quoted key" = 2
            'literal.key' = 3
            site."google.com" = true
            a . b . c = 4
            """);

        Scalar(root, "bare-key_1").ShouldBe("1");
        Scalar(root, "quoted key").ShouldBe("2");
        root["literal.key"].ShouldBeOfType<DataScalar>().Value.ShouldBe("3");
        root["site"].ShouldBeOfType<DataMap>()["google.com"].ShouldBeOfType<DataScalar>().Value.ShouldBe("true");
        Scalar(root, "a.b.c").ShouldBe("4");
    }

    [Fact]
    public void TableHeaders_WithQuotedSegments_NestAndRecordTheirLine()
    {
        var root = Parse("""
            [project]
            name = "demo"

            [tool.poetry."dev.deps"]
            pytest = "^7"
            """);

        Scalar(root, "project.name").ShouldBe("demo");
        var table = root["tool"].ShouldBeOfType<DataMap>()["poetry"].ShouldBeOfType<DataMap>()["dev.deps"].ShouldBeOfType<DataMap>();
        table.Line.ShouldBe(4);
        table["pytest"]!.Line.ShouldBe(5);
    }

    [Fact]
    public void ArrayOfTables_CollectsEachTableInOrder()
    {
        var root = Parse("""
            [[package]]
            name = "a"
            [package.source]
            type = "registry"

            [[package]]
            name = "b"
            """);

        var packages = root["package"].ShouldBeOfType<DataList>();
        packages.Items.Count.ShouldBe(2);
        Scalar(root, "package[0].source.type").ShouldBe("registry");
        Scalar(root, "package[1].name").ShouldBe("b");
    }

    [Fact]
    public void NestedArrayOfTables_AttachesToTheLastParentTable()
    {
        var root = Parse("""
            [[fruits]]
            name = "apple"
            [[fruits.varieties]]
            name = "red"
            [[fruits.varieties]]
            name = "green"
            [[fruits]]
            name = "banana"
            """);

        DataNodes.Select(root, "fruits[0].varieties[*].name").Select(hit => ((DataScalar)hit.Node).Value).ShouldBe(["red", "green"]);
        DataNodes.Select(root, "fruits[1].varieties").ShouldBeEmpty();
    }

    [Fact]
    public void BasicStrings_DecodeEscapes()
    {
        var root = Parse("""s = "tab\tquote\" slash\\ \u00e9 \U0001F600 \x41 nl\n" """);

        Scalar(root, "s").ShouldBe("tab\tquote\" slash\\ é 😀 A nl\n");
    }

    [Fact]
    public void LiteralStrings_KeepBackslashes()
    {
        Scalar(Parse(@"path = 'C:\Users\me'"), "path").ShouldBe(@"C:\Users\me");
    }

    [Fact]
    public void MultilineBasicString_TrimsFirstNewlineAndJoinsLineEndingBackslash()
    {
        var root = Parse("s = \"\"\"\nfirst \\\n    second\nthird\"\"\"\n");

        Scalar(root, "s").ShouldBe("first second\nthird");
    }

    [Fact]
    public void MultilineStrings_AllowQuotesBeforeTheClosingDelimiter()
    {
        var root = Parse("a = \"\"\"say \"hi\"\"\"\"\nb = '''it's '''\nc = '''\nraw \\n '''''\n");

        Scalar(root, "a").ShouldBe("say \"hi\"");
        Scalar(root, "b").ShouldBe("it's ");
        Scalar(root, "c").ShouldBe("raw \\n ''");
    }

    [Fact]
    public void ValueAfterMultilineString_HasTheRightLine()
    {
        var root = Parse("a = '''\n1\n2\n'''\nb = 1\n");

        root["b"]!.Line.ShouldBe(5);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("-17")]
    [InlineData("1_000")]
    [InlineData("0xDEAD_beef")]
    [InlineData("0o755")]
    [InlineData("0b1101")]
    [InlineData("3.14")]
    [InlineData("-0.01")]
    [InlineData("5e+22")]
    [InlineData("6.626e-34")]
    [InlineData("inf")]
    [InlineData("-nan")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("1979-05-27T07:32:00Z")]
    [InlineData("1979-05-27T00:32:00.999999-07:00")]
    [InlineData("1979-05-27 07:32:00")]
    [InlineData("1979-05-27")]
    [InlineData("07:32:00")]
    public void NumbersBooleansAndDates_KeepTheirRawText(string value)
    {
        Scalar(Parse($"v = {value}\n"), "v").ShouldBe(value);
    }

    [Fact]
    public void MultilineArrays_AllowCommentsNestingAndTrailingCommas()
    {
        var root = Parse("""
            dependencies = [
                "numpy>=1.26", # the array maths
                # a comment line
                "torch==2.3.0",
                [1, [2, 3]],
            ]
            """);

        var items = root["dependencies"].ShouldBeOfType<DataList>().Items;
        items.Count.ShouldBe(3);
        items[1].ShouldBeOfType<DataScalar>().Value.ShouldBe("torch==2.3.0");
        items[1].Line.ShouldBe(4);
        Scalar(root, "dependencies[2][1][0]").ShouldBe("2");
    }

    [Fact]
    public void InlineTables_WithDottedKeys_BecomeMaps()
    {
        var root = Parse("""torch = { version = "2.3.0", source = { name = "pytorch" }, extras.cuda = true }""");

        Scalar(root, "torch.version").ShouldBe("2.3.0");
        Scalar(root, "torch.source.name").ShouldBe("pytorch");
        Scalar(root, "torch.extras.cuda").ShouldBe("true");
    }

    [Fact]
    public void InlineTables_AcceptNewlinesAndTrailingCommas()
    {
        var root = Parse("t = {\n  a = 1,\n  b = 2,\n}\n");

        Scalar(root, "t.b").ShouldBe("2");
    }

    [Fact]
    public void DottedKeyTable_CanBeExtendedBySubTableHeader()
    {
        var root = Parse("""
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            """);

        Scalar(root, "fruit.apple.color").ShouldBe("red");
        Scalar(root, "fruit.apple.texture.smooth").ShouldBe("true");
    }

    [Fact]
    public void ImplicitTable_CanBeDefinedLaterOnce()
    {
        var root = Parse("[a.b]\nx = 1\n[a]\ny = 2\n");

        Scalar(root, "a.b.x").ShouldBe("1");
        Scalar(root, "a.y").ShouldBe("2");
    }

    [Fact]
    public void WindowsLineEndingsAndByteOrderMark_AreAccepted()
    {
        var root = Parse("\uFEFF[project]\r\nname = \"x\"\r\nversion = '1'\r\n");

        Scalar(root, "project.version").ShouldBe("1");
    }

    [Fact]
    public void RealPyproject_ParsesCompletely()
    {
        var root = Parse("""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "trainer"
            version = "0.1.0"
            description = "Fine-tunes a model"
            readme = "README.md"
            requires-python = ">=3.10"
            authors = [{ name = "A. Person", email = "a@example.com" }]
            dependencies = [
              "torch==2.3.0",
              "transformers[torch]==4.41.2 ; python_version >= '3.10'",
            ]

            [project.optional-dependencies]
            dev = ["pytest==8.2.0"]

            [tool.ruff]
            line-length = 100
            [tool.ruff.lint]
            select = ["E", "F"]
            """);

        DataNodes.Select(root, "project.dependencies[*]").Count().ShouldBe(2);
        Scalar(root, "project.authors[0].email").ShouldBe("a@example.com");
        Scalar(root, "tool.ruff.lint.select[1]").ShouldBe("F");
    }

    [Theory]
    [InlineData("a = 1\nb = \"open\n", 2, "Invalid newline in a string")]
    [InlineData("a = 1\n\nb = \"\"\"never closed\n\n", 4, "Invalid End-Of-File found for multi-line string")]
    [InlineData("x = [1, 2\n", 2, "end-of-file while parsing array")]
    [InlineData("x = [1 2]\n", 1, "Expected `,` or `]`")]
    [InlineData("a = 1\na = 2\n", 2, "duplicate key 'a'")]
    [InlineData("a = [1]\na = [2]\n", 2, "duplicate key 'a'")]
    [InlineData("t = {a = 1, a = 2}\n", 1, "duplicate key 'a'")]
    [InlineData("a = {x = 1}\n[a.b]\n", 2, "a [header] cannot extend it")]
    [InlineData("a = [1]\n[[a]]\n", 2, "a [header] cannot extend it")]
    [InlineData("x = 1 y = 2\n", 1, "Expected end-of-line")]
    [InlineData("\n\nname\n", 3, "Expected `=`")]
    [InlineData("v = 1__2\n", 1, "underscore")]
    [InlineData("v = 07\n", 1, "leading zero")]
    [InlineData("v = yes\n", 1, "Unexpected token `yes`")]
    [InlineData("v =\n", 1, "Missing value")]
    [InlineData("v = \"\\q\"\n", 1, "Unexpected escape character [q]")]
    [InlineData("v = \"\\uD800\"\n", 1, "Invalid Unicode scalar value")]
    [InlineData("v = \"\\UFFFFFFFF\"\n", 1, "Invalid Unicode scalar value")]
    [InlineData("[a\n", 1, "Expected `]`")]
    [InlineData("[[a]\n", 1, "Expected `]]`")]
    [InlineData("= 1\n", 1, "Unexpected token `=`")]
    [InlineData("t = {a = 1\n", 2, "end-of-file while parsing inline table")]
    [InlineData("a = \"\"\"x\"\"\"\"\"\"\n", 1, "Invalid")]
    public void MalformedToml_ThrowsFormatExceptionNamingTheLine(string text, int line, string problem)
    {
        var message = ErrorOf(text);

        message.ShouldStartWith($"line {line}: ");
        message.ShouldContain(problem);
    }

    [Fact]
    public void RepeatedHeaders_ExtendTheSameTable_AsTomlynReadsThem()
    {
        // TOML forbids defining [t] twice; Tomlyn's event parser accepts it, and a manifest read twice over loses nothing.
        var root = Parse("[t]\na = 1\n[u]\n[t]\nb = 2\n[t.c]\nd = 3\n");

        Scalar(root, "t.a").ShouldBe("1");
        Scalar(root, "t.b").ShouldBe("2");
        Scalar(root, "t.c.d").ShouldBe("3");
    }

    [Fact]
    public void DeeplyNestedArrays_FailWithoutOverflowingTheStack()
    {
        var text = "a = " + new string('[', 100_000) + new string(']', 100_000);

        ErrorOf(text).ShouldContain("nested more than");
    }

    [Fact]
    public void DeeplyNestedInlineTables_FailWithoutOverflowingTheStack()
    {
        var text = "a = " + string.Concat(Enumerable.Repeat("{b = ", 50_000)) + "1" + new string('}', 50_000);

        ErrorOf(text).ShouldContain("nested more than");
    }

    [Fact]
    public void VeryLongDottedKeysAndHeaders_FailWithoutOverflowingTheStack()
    {
        var key = string.Join('.', Enumerable.Repeat("k", 100_000));

        ErrorOf($"{key} = 1\n").ShouldStartWith("line 1: ");
        ErrorOf($"[{key}]\n").ShouldStartWith("line 1: ");
    }

    [Fact]
    public void NestingWithinTheCap_Parses()
    {
        var text = "a = " + new string('[', 200) + new string(']', 200);

        Parse(text)["a"].ShouldBeOfType<DataList>();
    }

    [Fact]
    public void HostileUnterminatedInputs_FailQuickly()
    {
        foreach (var text in new[] { "a = \"" + new string('x', 1_000_000), "a = '''" + new string('\n', 100_000), "a = [" + new string(',', 10), "[" + new string(' ', 100_000) })
        {
            Should.Throw<FormatException>(() => Toml.Parse(text));
        }
    }
}
