using System.Text.RegularExpressions;
using RepoAudit.Core.Checks;

namespace RepoAudit.Tests.Checks;

public sealed class RulePatternTests
{
    private static RulePattern Compile(string pattern) => RulePattern.TryCompile(pattern, out var problem) ?? throw new InvalidOperationException(problem);

    [Fact]
    public void CatastrophicPattern_GetsTheRightAnswerFromTheLinearEngine()
    {
        var pattern = Compile("(a+)+$");

        pattern.IsMatch(new string('a', 50_000) + "!").ShouldBeFalse();
        pattern.IsMatch("aaa").ShouldBeTrue(); // and stays usable afterwards
    }

    [Fact]
    public void CatastrophicPatternTheLinearEngineCannotExpress_TimesOut()
    {
        var pattern = Compile("(?=a)(a+)+$");

        Should.Throw<RegexMatchTimeoutException>(() => pattern.IsMatch(new string('a', 50_000) + "!"));
    }

    [Fact]
    public void OnTheLinearEngine_MatchesStayTheSame_EvenForPatternsOnlyTheBacktrackerSupports()
    {
        // No time on the interpreter allowed: the linear engine from the first match on, where it can express the pattern.
        static RulePattern Eager(string pattern) =>
            RulePattern.TryCompile(pattern, RulePattern.PrefilterAfterChars, out var problem, linearAfter: TimeSpan.Zero) ?? throw new InvalidOperationException(problem);
        var linearCapable = Eager(@"^[^#\n]*\b(read_csv|read_parquet)\(");
        var backtrackingOnly = Eager(@"(?<=seed\()\d+");
        var chunk = string.Concat(Enumerable.Repeat("x = compute(1)  # read_csv( in a comment\n", 200));

        linearCapable.IsMatch(chunk).ShouldBeFalse();
        backtrackingOnly.IsMatch(chunk).ShouldBeFalse();
        linearCapable.Match("df = pd.read_csv(path)").Value.ShouldBe("df = pd.read_csv(");
        backtrackingOnly.Match("np.random.seed(42)").Value.ShouldBe("42");
        linearCapable.Matches("a.read_csv(x)\nb.read_parquet(y)\n").Count.ShouldBe(2);
    }

    [Fact]
    public void TheLinearEnginesOfAUserThatIsDone_AreLetGo_AndBuiltAgainWithTheSameMatches()
    {
        // (a+)+$ on a long run of a's takes the interpreter past its budget: only the linear engine answers it in time.
        static RulePattern Eager(string pattern) =>
            RulePattern.TryCompile(pattern, RulePattern.PrefilterAfterChars, out var problem, linearAfter: TimeSpan.Zero) ?? throw new InvalidOperationException(problem);
        var mine = Eager("(a+)+$");
        var theirs = Eager("(b+)+$");
        var hostile = new string('a', 50_000) + "!";
        object me = new(), other = new();
        RulePattern.UsedBy(me, () => mine.IsMatch(hostile)).ShouldBeFalse();
        RulePattern.UsedBy(me, () => Task.Run(() => mine.IsMatch("aaa")).Result).ShouldBeTrue(); // on a thread it started
        RulePattern.UsedBy(other, () => theirs.IsMatch("bbb")).ShouldBeTrue();

        RulePattern.ReleaseLinearEnginesOf(me);

        mine.HasLinearEngine.ShouldBeFalse();
        theirs.HasLinearEngine.ShouldBeTrue();
        mine.IsMatch(hostile).ShouldBeFalse();
        mine.Match("xaaa").Value.ShouldBe("aaa");
        mine.HasLinearEngine.ShouldBeTrue();
    }
}
