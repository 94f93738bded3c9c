using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary>A silo that dies with a user's bookkeeping grain costs the user's sessions on other silos nothing.</summary>
[Trait("Category", "Distributed")]
public sealed class BookkeepingTests
{
    [Fact]
    public async Task Sessions_on_a_surviving_silo_stop_and_start_when_the_silo_with_their_user_grain_is_killed()
    {
        // Placement prefers the silo with more room, so the sessions live on silo-0; the user grain is on silo-1.
        await using var cluster = await LocalCluster.StartAsync([8, 1]);
        await cluster.WaitForCapacityReportsAsync(2);
        var user = await UserWithGrainOnAsync(cluster, 1);
        var token = await cluster.TokenAsync(user);
        await using var client = await HubClient.ConnectAsync(cluster.BaseUri, token);
        var first = await client.StartAsync();
        var second = await client.StartAsync();
        await client.UploadAsync(first.SessionId, Frames.Silence(20));
        await client.UploadAsync(second.SessionId, Frames.Silence(20));
        var slots = cluster.Silos[0].Silo.Host.Services.GetRequiredService<AsrSlotPool>();
        Assert.Equal(2, slots.InUse);

        await cluster.KillSiloAsync(1);

        // The user grain's activation is gone with its silo: bookkeeping must not fail a stop or a start.
        // (A session whose directory entry was on the dead silo may have been moved to waiting for a
        // resume meanwhile; stopping it ends it just the same.)
        var stopped = await client.StopAsync(first.SessionId);
        Assert.InRange(stopped.NextSeq, 0, 20);
        var again = await client.StartAsync();
        await client.UploadAsync(again.SessionId, Frames.Silence(5));
        Assert.Equal(5, (await client.StopAsync(again.SessionId)).NextSeq);
        Assert.InRange((await client.StopAsync(second.SessionId)).NextSeq, 0, 20);
        Assert.Equal(0, slots.InUse);
        Assert.All(new[] { first, second, again }, s => Assert.Contains(client.Statuses,
            m => m.SessionId == s.SessionId && m.State == Hybrid.Protocol.SessionStates.Stopped));
    }

    /// <summary>
    /// A user whose <see cref="IUserGrain"/> is active on silo <paramref name="silo"/>. Activated from
    /// that silo, where placement prefers the local silo; checked, since the preference is not a promise.
    /// </summary>
    private static async Task<string> UserWithGrainOnAsync(LocalCluster cluster, int silo)
    {
        var services = cluster.Silos[silo].Silo.Host.Services;
        var target = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var grains = services.GetRequiredService<IGrainFactory>();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        for (var i = 0; i < 200; i++)
        {
            var name = $"keeper-{Guid.NewGuid():N}";
            var grain = grains.GetGrain<IUserGrain>(name);
            await grain.List(1, null);
            if (Equals(await management.GetActivationAddress(grain), target))
            {
                return name;
            }
        }

        Assert.Fail($"no user grain was placed on silo-{silo} in 200 tries");
        return string.Empty;
    }
}
