using Hybrid.Grains.Live;
using Orleans.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hybrid.Unit.Tests.Grains;

/// <summary>A bookkeeping call to another grain is retried a few times and then given up, never thrown or waited on forever.</summary>
public sealed class BookkeepingTests
{
    [Fact]
    public async Task A_call_that_never_answers_is_given_up_with_the_fallback()
    {
        var calls = 0;
        var answer = await Bookkeeping.TryAsync(() =>
        {
            calls++;
            return new TaskCompletionSource<bool>().Task; // a grain on a silo that died: no answer at all
        }, true, NullLogger.Instance, "s", "taking a live slot");

        Assert.True(answer);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_call_that_fails_then_answers_is_retried_until_it_answers()
    {
        var calls = 0;
        var done = await Bookkeeping.TryAsync(() => ++calls < 3
            ? Task.FromException(new SiloUnavailableException("silo unavailable"))
            : Task.CompletedTask, NullLogger.Instance, "s", "releasing the live slot");

        Assert.True(done);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_call_that_always_fails_reports_false_instead_of_throwing()
    {
        var done = await Bookkeeping.TryAsync(() => Task.FromException(new TimeoutException()), NullLogger.Instance, "s", "releasing the live slot");

        Assert.False(done);
    }
}
