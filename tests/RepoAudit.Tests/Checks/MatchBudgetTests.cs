using RepoAudit.Core.Checks;

namespace RepoAudit.Tests.Checks;

/// <summary>The decision a timed-out match gets, from the clock readings it had: no test here waits for a clock.</summary>
public sealed class MatchBudgetTests
{
    private static readonly MatchBudget Budget = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void AnAttemptThatHadItsCpuBudget_IsTooSlow_AndSaysSoInCpuTime()
    {
        Budget.Retry(1, attemptCpu: Ms(480), attemptWall: Ms(500), wallSpent: Ms(500)).ShouldBeNull();
        Budget.Retry(4, attemptCpu: Ms(600), attemptWall: Ms(2000), wallSpent: Ms(2500)).ShouldBeNull();
        Budget.Describe(Ms(480), Ms(500)).ShouldBe("0.5 s of CPU time");
    }

    [Fact]
    public void AStarvedAttempt_RunsAgain_WithATimeoutLongEnoughForTheBudgetAtTheShareItHad()
    {
        // A quarter of a core: 125 ms of CPU in 500 ms, so the budget needs 2 s, a timeout of 4 x 500 ms.
        Budget.Retry(1, attemptCpu: Ms(125), attemptWall: Ms(500), wallSpent: Ms(500)).ShouldBe(4);
        // A little short of the budget still runs again, at least twice as long.
        Budget.Retry(1, attemptCpu: Ms(400), attemptWall: Ms(500), wallSpent: Ms(500)).ShouldBe(2);
        // A third of a core: 1 / 3 needs 3 x, rounded up to a power of two.
        Budget.Retry(1, attemptCpu: Ms(170), attemptWall: Ms(510), wallSpent: Ms(510)).ShouldBe(4);
    }

    [Fact]
    public void TheWallClockLimit_BoundsEveryRetry_EvenWhenTheThreadGetsNoCpuAtAll()
    {
        Budget.MaxScale.ShouldBe(16);
        Budget.Retry(1, attemptCpu: TimeSpan.Zero, attemptWall: Ms(500), wallSpent: Ms(500)).ShouldBe(16);
        Budget.Retry(16, attemptCpu: Ms(100), attemptWall: Ms(8000), wallSpent: Ms(8500)).ShouldBeNull();
        Budget.Retry(2, attemptCpu: Ms(10), attemptWall: Ms(1000), wallSpent: Ms(8000)).ShouldBeNull();
        Budget.Describe(Ms(100), Ms(8500)).ShouldBe("8.5 s on a machine too busy to give it 0.5 s of CPU time");
    }

    [Fact]
    public void WithoutACpuClock_TheWallClockDecides_AsARegexTimeoutWould()
    {
        Budget.Retry(1, attemptCpu: null, attemptWall: Ms(500), wallSpent: Ms(500)).ShouldBeNull();
        Budget.Describe(null, Ms(500)).ShouldBe("0.5 s");
    }

    [Fact]
    public void ALimitBelowTheBudget_StillAllowsOneAttempt()
    {
        var tight = new MatchBudget(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300));
        tight.MaxScale.ShouldBe(1);
        tight.Retry(1, attemptCpu: TimeSpan.Zero, attemptWall: Ms(1000), wallSpent: Ms(1000)).ShouldBeNull();
    }

    [Fact]
    public void TheThreadCpuClock_CountsWorkAndNotSleep()
    {
        // Not a timing test: it asserts only the direction of two clocks, with margins of whole orders of magnitude.
        var before = ThreadCpuClock.Now();
        if (before is null)
        {
            return; // a platform without a per-thread CPU clock: patterns are timed by the wall clock
        }

        Thread.Sleep(200);
        var afterSleep = ThreadCpuClock.Now()!.Value;
        var sum = 0.0;
        for (var i = 0; i < 20_000_000; i++)
        {
            sum += Math.Sqrt(i);
        }

        var afterWork = ThreadCpuClock.Now()!.Value;
        sum.ShouldBeGreaterThan(0);
        (afterSleep - before.Value).ShouldBeLessThan(Ms(100));
        (afterWork - afterSleep).ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
