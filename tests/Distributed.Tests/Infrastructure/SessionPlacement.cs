using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Distributed.Tests.Infrastructure;

/// <summary>Starting a session on the silo a test means to stop or kill.</summary>
public static class SessionPlacement
{
    /// <summary>
    /// Starts sessions until one streams on <paramref name="silo"/>. Placement prefers the silo with the
    /// most free slots, but the silo that places a session refreshes its view of the cluster only a few
    /// times a second, so a session started just after a silo joined may land elsewhere: that one is
    /// stopped and another started.
    /// </summary>
    public static async Task<StartSessionResponse> StartOnAsync(HubClient client, string silo, int tries = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = await client.StartAsync();
            var streaming = await client.WaitForAsync<SessionStatusMessage>(
                s => s.SessionId == started.SessionId && s.State == SessionStates.Streaming, TimeSpan.FromSeconds(60), "streaming");
            if (streaming.Silo == silo)
            {
                return started;
            }

            Assert.True(attempt < tries, $"no session was placed on {silo} in {attempt} tries (the last went to {streaming.Silo})");
            await client.StopAsync(started.SessionId);
        }
    }
}
