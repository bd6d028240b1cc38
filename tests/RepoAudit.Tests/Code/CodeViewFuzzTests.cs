using System.Text;
using RepoAudit.Core.Code;

namespace RepoAudit.Tests.Code;

/// <summary>
/// Hostile source text (fixed seeds): whatever the bytes, reading code completes, never throws, and keeps the views
/// aligned with the text. No timing asserts; a quadratic or unbounded reader would show as a hung test run.
/// </summary>
public sealed class CodeViewFuzzTests
{
    private const string Alphabet = "()[]{}'\"`#=%!@.,:;\\ \n\r\tfrRbu$<-abc123_*";

    public static TheoryData<CodeLanguage> Languages() => new(Enum.GetValues<CodeLanguage>());

    /// <summary>Large inputs: one reading, views aligned.</summary>
    private static void ReadsLargeSafely(string text, CodeLanguage language)
    {
        var view = CodeView.Parse(text, language, notebookCell: language == CodeLanguage.Python);
        view.Code.Length.ShouldBe(text.Length);
        view.Comments.Length.ShouldBe(text.Length);
    }

    private static void ReadsSafely(string text, CodeLanguage language)
    {
        foreach (var notebookCell in new[] { false, true })
        {
            var view = CodeView.Parse(text, language, notebookCell: notebookCell);
            view.Code.Length.ShouldBe(text.Length);
            view.Strings.Length.ShouldBe(text.Length);
            view.Comments.Length.ShouldBe(text.Length);
            view.Calls.Count.ShouldBeLessThanOrEqualTo(StructureReader.MaxCalls);
        }

        CodeView.ForFile("x.qmd", "```{r}\n" + text + "\n```\n```{python}\n" + text, language).Code.Length.ShouldBeGreaterThan(text.Length);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void RandomTokenSoup(CodeLanguage language)
    {
        var random = new Random(20261202);
        for (var round = 0; round < 300; round++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 400);
            for (var i = 0; i < length; i++)
            {
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            ReadsSafely(builder.ToString(), language);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void RandomBytes(CodeLanguage language)
    {
        var random = new Random(7);
        for (var round = 0; round < 50; round++)
        {
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            ReadsSafely(Encoding.UTF8.GetString(bytes), language);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void DeepNesting(CodeLanguage language)
    {
        const int depth = 100_000;
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("f(", depth)), language);
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("f(", depth)) + new string(')', depth), language);
        ReadsLargeSafely(new string('[', depth) + new string('}', depth), language);
        ReadsLargeSafely("x = f\"" + string.Concat(Enumerable.Repeat("{f\"", depth)), language);
        ReadsLargeSafely("s = \"" + string.Concat(Enumerable.Repeat("$(\"", depth)), language);
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("#=", depth)) + string.Concat(Enumerable.Repeat("/*", depth)), language);

        var view = CodeView.Parse(string.Concat(Enumerable.Repeat("f(", depth)) + new string(')', depth), language);
        if (language != CodeLanguage.Scala)
        {
            view.Problem.ShouldNotBeNull().ShouldContain("nest deeper");
            view.Calls.Count.ShouldBe(StructureReader.MaxNesting);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void HugeLinesAndUnterminatedLiterals(CodeLanguage language)
    {
        var line = new string('a', 5 << 20);
        ReadsLargeSafely(line, language);
        ReadsLargeSafely("f(" + new string(' ', 5 << 20) + ")", language);
        ReadsLargeSafely("'''" + line, language);
        ReadsLargeSafely("r\"(" + line, language);
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("f(a=1,", 50_000)), language);
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("'\"`", 50_000)), language);
        ReadsLargeSafely(string.Concat(Enumerable.Repeat("`x` ", 50_000)), language);
    }
}
