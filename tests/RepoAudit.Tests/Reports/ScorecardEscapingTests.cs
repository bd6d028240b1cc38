using System.Text.RegularExpressions;
using RepoAudit.Core.Reports;

namespace RepoAudit.Tests.Reports;

/// <summary>
/// Strings from the audited repository and from custom rule packs reach the reports as text and nothing else: no tag,
/// script, attribute, Markdown structure or mention can come out of a file name, a commit message, a branch, a
/// notebook cell or a rule's title, message, why or fix.
/// </summary>
public sealed partial class ScorecardEscapingTests
{
    private static readonly Lazy<RenderedScorecard> Hostile = new(Scorecards.HostileScan);

    [Fact]
    public void HostileRepository_Html_HasOnlyItsOwnScriptAndNoInjectedTags()
    {
        var html = Hostile.Value.Html;

        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count.ShouldBe(1);
        html.ShouldContain("<script nonce=");
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<b ", Case.Insensitive);
        html.ShouldNotContain("<svg/", Case.Insensitive);
        html.ShouldNotContain("onerror=", Case.Insensitive);
        html.ShouldNotContain("onmouseover=", Case.Insensitive);
        html.ShouldNotContain("href=\"javascript:", Case.Insensitive, "a javascript: link in rule text must stay text");
        html.ShouldNotContain("<!-- comment");
    }

    [Fact]
    public void HostileRepository_Html_ShowsEveryHostileStringEscaped()
    {
        var html = Hostile.Value.Html;

        html.ShouldContain("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.py:2", Case.Sensitive, "the file name, with its line");
        html.ShouldContain("&lt;/script&gt;&lt;script&gt;alert(&#x27;commit&#x27;)&lt;/script&gt;", Case.Sensitive, "the commit subject");
        html.ShouldContain("feature/&lt;svg/onload&#x3D;alert(1)&gt;", Case.Sensitive, "the branch");
        html.ShouldContain("alert(&quot;nb&quot;)", Case.Sensitive, "the notebook cell");
        html.ShouldContain("Hostile &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;", Case.Sensitive, "the custom rule's title");
        html.ShouldContain("&lt;/details&gt;&lt;script&gt;alert(&#x27;block&#x27;)&lt;/script&gt;", Case.Sensitive, "the fix's code block");
        html.ShouldNotContain("alert('output')", Case.Sensitive, "notebook outputs are never copied into the report");
    }

    [Fact]
    public void HostileRepository_Markdown_KeepsItsStructure()
    {
        var markdown = Hostile.Value.Markdown;
        var outsideCode = OutsideCode(markdown);

        Regex.Matches(outsideCode, "<details>").Count.ShouldBe(Regex.Matches(outsideCode, "</details>").Count);
        outsideCode.ShouldNotContain("<script", Case.Insensitive);
        outsideCode.ShouldNotContain("<img", Case.Insensitive);
        outsideCode.ShouldNotContain("<svg", Case.Insensitive);
        outsideCode.ShouldNotContain("<!--");
        Regex.IsMatch(outsideCode, @"(?<!\\)\]\(javascript:").ShouldBeFalse("a javascript: link must stay text");
        markdown.ShouldNotContain("@octocat", Case.Sensitive, "a commit message must not mention a GitHub user");
        markdown.ShouldContain("@\u2060octocat");
        var headings = markdown.Split('\n').Where(line => line.StartsWith('#')).ToArray();
        headings.ShouldAllBe(line => line.StartsWith("## ") || line.StartsWith("### Failing rules") || line.StartsWith("#### "));
        headings.Length.ShouldBe(5, "the headline, 'Failing rules' and one per failing rule: a '# heading' in a commit body is not one");
    }

    [Fact]
    public void HostileRepository_Markdown_TableRowsKeepTheirColumns()
    {
        var markdown = Hostile.Value.Markdown;

        foreach (var row in markdown.Split('\n').Where(line => line.StartsWith('|')))
        {
            var cells = UnescapedPipe().Matches(row).Count - 1;
            cells.ShouldBeOneOf([3, 4, 6], row);
        }
    }

    [Theory]
    [InlineData("a | b", @"a \| b")]
    [InlineData("`code`", @"\`code\`")]
    [InlineData("</details><script>", "&lt;/details&gt;&lt;script&gt;")]
    [InlineData("**bold** _em_ [x](y) ~~s~~ $x$", @"\*\*bold\*\* \_em\_ \[x\](y) \~\~s\~\~ \$x\$")]
    [InlineData("line one\nline two\r\n# heading", @"line one line two  \# heading")]
    [InlineData("- item", @"\- item")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("score 12.5", "score 12.5")]
    [InlineData("===", @"\===")]
    [InlineData("&lt;b&gt; & co", "&amp;lt;b&amp;gt; & co")]
    [InlineData("thanks @octocat", "thanks @\u2060octocat")]
    [InlineData("mail a@b.c", "mail a@\u2060b.c")]
    [InlineData("        indented code", " indented code")]
    public void MarkdownEscape_NeutralisesMarkdownAndHtml(string text, string expected)
    {
        MarkdownText.Escape(text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("path/to/file.py", "`path/to/file.py`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x`", "`` `x` ``")]
    [InlineData("</details>", "`</details>`")]
    [InlineData("two\nlines", "`two lines`")]
    public void MarkdownCode_FencesAnyText(string text, string expected)
    {
        MarkdownText.Code(text).ShouldBe(expected);
    }

    [Fact]
    public void MarkdownFence_IsLongerThanAnyBacktickRunInTheCode()
    {
        MarkdownText.Fence("````\n```\n</details>", "md\"><script>").ShouldBe("`````mdscript\n````\n```\n</details>\n`````");
    }

    [Fact]
    public void RuleText_KeepsTheSubsetAndDropsUnsafeLinks()
    {
        var blocks = RuleText.Parse("""
            Use `pip` and **pin**, see [docs](https://pip.pypa.io/) or [this](javascript:alert(1)).

            ````markdown
            ```bash
            pip install x
            ```
            ````

            1. one
               continued
            2. two
            """);

        blocks.Count.ShouldBe(3);
        blocks[0].Spans.Select(span => (span.Text, span.IsCode, span.IsStrong, span.Href)).ShouldBe(
        [
            ("Use ", false, false, null), ("pip", true, false, null), (" and ", false, false, null), ("pin", false, true, null),
            (", see ", false, false, null), ("docs", false, false, "https://pip.pypa.io/"), (" or [this](javascript:alert(1)).", false, false, null),
        ]);
        blocks[1].Code.ShouldBe("```bash\npip install x\n```");
        blocks[1].Language.ShouldBe("markdown");
        blocks[2].IsOrdered.ShouldBeTrue();
        blocks[2].Items.Select(item => RuleText.Plain(item.Spans)).ShouldBe(["one continued", "two"]);
    }

    /// <summary>The Markdown with fenced code blocks and code spans removed: what GitHub would parse as Markdown and HTML.</summary>
    private static string OutsideCode(string markdown)
    {
        var withoutBlocks = FencedBlock().Replace(markdown, "");
        return CodeSpan().Replace(withoutBlocks, "");
    }

    [GeneratedRegex(@"^(`{3,})[^\n]*\n.*?^\1\s*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"(`+)(?!`).+?(?<!`)\1(?!`)")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
