using System.Buffers;
using System.Text;
using RepoAudit.Core.Checks;

namespace RepoAudit.Tests.Checks;

public sealed class KeywordWindowsTests
{
    private static readonly string[] Token = ["token"];

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

    // "token" and "oke"/"KE" share one search (and lines); "é" is one character, so its pattern is searched alone.
    private static readonly string[][] KeywordsOfPatterns = [Token, ["key", "é"], ["oke", "KE"]];
    private static readonly PatternKeywords Patterns = new(KeywordsOfPatterns);

    private static List<KeywordLine> Carried(string before, string after)
    {
        using var previous = new KeywordLines(Encoding.UTF8.GetBytes(before), before.Length, Searched(before));
        return KeywordLines.Find(Encoding.UTF8.GetBytes(after), after, Patterns, previous, out _);
    }

    private static List<KeywordLine> Searched(string text)
    {
        var lines = new List<KeywordLine>();
        Patterns.Search(text, 0, text.Length, lines);
        return lines;
    }

    // Each pattern's lines, in order: what the windows are built from.
    private static int[][] ByPattern(List<KeywordLine> lines) =>
        [.. Enumerable.Range(0, Patterns.Count).Select(pattern => lines.Where(line => line.Pattern == pattern).Select(line => line.Start).ToArray())];

    [Theory]
    [InlineData("a\ntoken = 1\nb\nkey\n")]
    [InlineData("TOKEN KEY é\nsmoke\r\nnone here\nKé")]   // one line with every pattern; CRLF; no final break
    [InlineData("tok\nen\noKe\n\n\né\ntokentoken\n")]         // keywords cut by breaks; one twice on a line
    [InlineData("")]
    public void Search_FindsForEachPatternTheLinesThatHoldOneOfItsKeywords(string text)
    {
        LinesOfEachPattern(Patterns, KeywordsOfPatterns, text);
    }

    [Fact]
    public void Search_WithMorePatternsThanOneSearchHolds_FindsEachPatternsLines()
    {
        // 40 patterns of two keywords each fill three searches; every pattern's lines are still told apart.
        string[][] keywords = [.. Enumerable.Range(0, 40).Select(i => new[] { $"k{i}x", $"shared{i % 3}" })];
        var text = string.Join('\n', Enumerable.Range(0, 120).Select(i => i % 4 == 0 ? "plain" : $"a K{i % 45}X b shared{i % 5}"));

        LinesOfEachPattern(new PatternKeywords(keywords), keywords, text);
    }

    private static void LinesOfEachPattern(PatternKeywords patterns, string[][] keywordsOfPatterns, string text)
    {
        // What a search per pattern finds: every line holding one of the pattern's keywords, ignoring case.
        var lineStarts = new List<int> { 0 };
        lineStarts.AddRange(text.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => x.i + 1));
        int[][] expected = [.. keywordsOfPatterns.Select(keywords => lineStarts
            .Where(start => keywords.Any(keyword => LineAt(text, start).Contains(keyword, StringComparison.OrdinalIgnoreCase)))
            .ToArray())];
        var lines = new List<KeywordLine>();
        patterns.Search(text, 0, text.Length, lines);

        int[][] found = [.. Enumerable.Range(0, patterns.Count).Select(pattern => lines.Where(line => line.Pattern == pattern).Select(line => line.Start).ToArray())];
        found.ShouldBe(expected);
    }

    private static string LineAt(string text, int start) => text[start..].Split('\n')[0];

    [Theory]
    [InlineData("a\ntoken = 1\nb\nkey\n", "a\ntoken = 1\nnew token\nb\nkey\n")] // a line added in the middle
    [InlineData("token\nb\nkey\nc", "x\ntoken\nb\nkey\nc")]                  // one added at the start: everything shifts
    [InlineData("token\nb\nkey", "token\nb\nkey\nlast token")]                 // one added at the end, no final break
    [InlineData("token\nb\nkey\n", "token\nb\n")]                              // the last lines removed
    [InlineData("token\nkey\nplain\n", "tok\nkey\nplain\n")]                  // a keyword cut by the edit
    [InlineData("tok\nen key\n", "token key\n")]                                 // two lines joined into one with a keyword
    [InlineData("x = 1\r\ntoken = 2\r\n", "x = 11\r\ntoken = 2\r\n")]        // CRLF lines
    [InlineData("café\ntoken\nÉ key\n", "café au lait\ntoken\nÉ key\n")]      // a longer UTF-8 line before lines kept
    [InlineData("é\ntoken\nx\n", "é\ntokeX\nx\n")]                          // UTF-8 before the edit: bytes are not characters
    [InlineData("", "token\n")]                                                     // from nothing
    [InlineData("token\n", "")]                                                     // to nothing
    [InlineData("same token\nkey\n", "same token\nkey\n")]                      // the same text
    public void Find_TakesTheLinesAVersionSharesWithThePreviousOne_AndFindsWhatASearchOfTheWholeTextFinds(string before, string after)
    {
        ByPattern(Carried(before, after)).ShouldBe(ByPattern(Searched(after)));
    }

    [Fact]
    public void Find_ReadsLinesWithBrokenUtf8AroundTheEdit_AsTheDecodedTextHasThem()
    {
        // Invalid bytes before a break decode to U+FFFD: the characters after the break keep their places.
        byte[] before = [.. "token\n"u8, 0xE2, 0x82, .. "\nkey é\ntoken\n"u8];
        byte[] after = [.. "token\n"u8, 0xE2, 0x82, 0xAC, 0xE2, .. "\nkey é\ntoken\n"u8];
        var beforeText = Encoding.UTF8.GetString(before);
        var afterText = Encoding.UTF8.GetString(after);
        using var previous = new KeywordLines(before, beforeText.Length, Searched(beforeText));

        var lines = KeywordLines.Find(after, afterText, Patterns, previous, out var searched);

        ByPattern(lines).ShouldBe(ByPattern(Searched(afterText)));
        searched.ShouldBeLessThan(afterText.Length); // the first and last lines were taken, not searched
    }

    [Fact]
    public void Find_SearchesOnlyTheLinesBetweenWhatTheVersionsShareAtTheirStartAndEnd()
    {
        var kept = string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i} token\n"));
        var before = kept + "old\n" + kept;
        var after = kept + "new key\nand more\n" + kept;
        using var previous = new KeywordLines(Encoding.UTF8.GetBytes(before), before.Length, Searched(before));

        var lines = KeywordLines.Find(Encoding.UTF8.GetBytes(after), after, Patterns, previous, out var searched);

        searched.ShouldBe("new key\nand more".Length);
        ByPattern(lines).ShouldBe(ByPattern(Searched(after)));
    }
}
