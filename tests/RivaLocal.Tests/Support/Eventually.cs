using System.Diagnostics;

namespace Hybrid.RivaLocal.Tests.Support;

/// <summary>Waits for a condition observed from outside the server, failing after a deadline.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"timed out after {deadline.TotalSeconds} s waiting until {description}");
            }

            // Polling interval of the condition check, not a synchronisation sleep.
            await Task.Delay(10);
        }
    }
}
