using System.Buffers;
using RepoAudit.Core.Checks;

namespace RepoAudit.Tests.Checks;

public sealed class KeywordWindowsTests
{
    private static readonly SearchValues<string> Token = SearchValues.Create(["token"], StringComparison.OrdinalIgnoreCase);

    private static string[] Windows(string text, int linesAfter) =>
        [.. KeywordWindows.Find(text, Token, linesAfter).Select(window => text[window.Start..window.End])];

    [Fact]
    public void Find_AWindowRunsFromItsKeywordsLineStartToTheEndOfTheLinesAfter_WithoutTheLastBreak()
    {
        Windows("a\nx = TOKEN\nb\nc\n", 1).ShouldBe(["x = TOKEN\nb"]);
        Windows("a\nx = TOKEN\nb\nc\n", 0).ShouldBe(["x = TOKEN"]);
    }

    [Fact]
    public void Find_HitsAtTheEdgesOfTheText()
    {
        Windows("token", 1).ShouldBe(["token"]); // the whole text, no line break anywhere
        Windows("token\n", 2).ShouldBe(["token\n"]); // lines after that do not exist end the window at the text's end
        Windows("a\nb token", 3).ShouldBe(["b token"]); // on the last line, without a break after it
        Windows("abc\nxyz tok", 1).ShouldBeEmpty(); // a keyword cut off by the end is no hit
    }

    [Fact]
    public void Find_AKeywordInsideAWindowStartsNoWindow_TheNextOneIsLookedForAfterIt()
    {
        const string text = "token token\ntoken here\nplain\ntoken\n";

        // Both keywords of line 1 and the one on line 2 are in the first window; line 4 starts the second.
        Windows(text, 1).ShouldBe(["token token\ntoken here", "token\n"]);
        Windows(text, 0).ShouldBe(["token token", "token here", "token"]);
    }

    [Fact]
    public void CanScreen_OnlyPatternsThatDoNotLookPastTheEndsOfTheirInput()
    {
        KeywordWindows.CanScreen(@"(?i)\b[a-z_]*token\s*=\s*""(?<secret>\w{16,})""").ShouldBeTrue();
        KeywordWindows.CanScreen(@"(?x) ^[ \t]*token [ \t]*=[ \t]*(?<secret>\S{12,})\r?$ # a line").ShouldBeTrue();
        KeywordWindows.CanScreen(@"(?<name>token)=(\w+)").ShouldBeTrue(); // a named group is not a lookbehind

        KeywordWindows.CanScreen(@"token(?=\n)").ShouldBeFalse();
        KeywordWindows.CanScreen(@"(?<!\w)token").ShouldBeFalse();
        KeywordWindows.CanScreen(@"\Atoken").ShouldBeFalse();
        KeywordWindows.CanScreen(@"token\z").ShouldBeFalse();
        KeywordWindows.CanScreen(@"(?-m)^token$").ShouldBeFalse();
        KeywordWindows.CanScreen(@"(?(x)token|key)").ShouldBeFalse();
    }

    [Fact]
    public void Screen_JoinsRunsOfWindowsWithLineBreaks_AndSplitsLongRuns()
    {
        var line = new string('a', 6_000) + " token";
        var text = string.Join("\n", Enumerable.Repeat(line, 5));
        var windows = KeywordWindows.Find(text, Token, 0);
        var seen = new List<string>();

        var runs = KeywordWindows.Screen(text.AsMemory(), windows, joined =>
        {
            seen.Add(joined);
            return joined.Length < 10_000;
        }).ToList();

        windows.Count.ShouldBe(5);
        runs.ShouldBe([(0, 2, false), (2, 2, false), (4, 1, true)]); // 2 x 6,006 characters fit in 16 KiB, 3 do not
        seen[0].ShouldBe(line + "\n" + line);
        seen[2].ShouldBe(line);
    }

    [Fact]
    public void Screen_AWindowLongerThanTheLimitIsARunOfItsOwn()
    {
        var text = "token " + new string('x', KeywordWindows.ScreenChars * 2) + "\ntoken";
        var windows = KeywordWindows.Find(text, Token, 0);

        KeywordWindows.Screen(text.AsMemory(), windows, _ => true).Select(run => (run.First, run.Count)).ShouldBe([(0, 1), (1, 1)]);
    }
}
