using Hybrid.Grains.Asr;

namespace Hybrid.Unit.Tests.Grains;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Steps_double_up_to_the_cap_and_each_delay_is_jittered_within_its_step()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), new Random(7));
        double[] steps = [200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000];

        foreach (var step in steps)
        {
            var delay = backoff.Next().TotalMilliseconds;
            Assert.InRange(delay, step / 2, step);
        }
    }

    [Fact]
    public void Jitter_spreads_the_sessions_that_lost_the_same_recognizer()
    {
        var random = new Random(11);
        var delays = Enumerable.Range(0, 50)
            .Select(_ => new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), random).Next())
            .Distinct()
            .Count();

        Assert.True(delays > 40, $"only {delays} distinct first delays out of 50");
    }

    [Fact]
    public void Reset_starts_from_the_first_step_again()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(3));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
