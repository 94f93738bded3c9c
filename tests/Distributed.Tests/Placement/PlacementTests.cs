using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Hybrid.Distributed.Tests.Placement;

/// <summary>GPU-capacity placement and admission control across silos of different capacity.</summary>
[Trait("Category", "Distributed")]
public sealed class PlacementTests
{
    [Fact]
    public async Task Silos_of_capacity_2_4_8_take_14_sessions_in_proportion_and_refuse_the_15th()
    {
        await using var cluster = await LocalCluster.StartAsync([2, 4, 8]);
        await cluster.WaitForCapacityReportsAsync(3);
        var registry = cluster.Client.GetGrain<ICapacityRegistryGrain>(0);
        var clients = new List<HubClient>();
        try
        {
            for (var i = 0; i < 14; i++)
            {
                var client = await HubClient.ConnectAsync(cluster.BaseUri, await cluster.TokenAsync($"user-{i}"));
                clients.Add(client);
                await client.StartAsync();
                var expected = i + 1;
                // Let the capacity reports catch up, as they would between real users' clicks.
                await SystemFixture.WaitUntilAsync(() => registry.Snapshot().Result.Sum(r => r.InUse) == expected,
                    TimeSpan.FromSeconds(30), $"{expected} sessions to be reported");
            }

            var inUse = cluster.Silos.Select(s => s.Silo.Host.Services.GetRequiredService<AsrSlotPool>().InUse).ToArray();
            Assert.Equal([2, 4, 8], inUse);

            var extra = await HubClient.ConnectAsync(cluster.BaseUri, await cluster.TokenAsync("user-14"));
            clients.Add(extra);
            var refused = await Assert.ThrowsAsync<HubException>(() => extra.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.StartsWith("capacity_exhausted: all 14 GPU stream slots are busy", refused.Message);
            Assert.Contains("retry after", refused.Message);
            Assert.Equal([2, 4, 8], cluster.Silos.Select(s => s.Silo.Host.Services.GetRequiredService<AsrSlotPool>().InUse));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
