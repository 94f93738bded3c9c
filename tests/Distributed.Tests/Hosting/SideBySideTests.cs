using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Gateway;
using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Distributed.Tests.Hosting;

/// <summary>Two instances on one machine, each with its own data folder, never mix their clusters.</summary>
[Trait("Category", "Distributed")]
public sealed class SideBySideTests
{
    [Fact]
    public async Task Each_instance_serves_its_own_sessions_with_its_own_cluster_identity()
    {
        await using var a = await LocalCluster.StartAsync([4], ownIdentity: true, namePrefix: "a-silo-");
        await using var b = await LocalCluster.StartAsync([4], ownIdentity: true, namePrefix: "b-silo-");
        var identityA = ClusterIdentity.Resolve(null, null, localCluster: true, a.DataDirectory);
        var identityB = ClusterIdentity.Resolve(null, null, localCluster: true, b.DataDirectory);
        Assert.NotEqual(identityA.ClusterId, identityB.ClusterId);
        Assert.Equal(identityA.ClusterId, a.Silos[0].Silo.Identity.ClusterId);
        Assert.Equal(identityB.ClusterId, b.Silos[0].Silo.Identity.ClusterId);
        await a.WaitForCapacityReportsAsync(1);
        await b.WaitForCapacityReportsAsync(1);

        foreach (var (instance, silo) in new[] { (b, "b-silo-0"), (a, "a-silo-0"), (b, "b-silo-0") })
        {
            await using var client = await HubClient.ConnectAsync(instance.BaseUri, await instance.TokenAsync("mia"));
            var started = await client.StartAsync();
            var streaming = await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Streaming, TimeSpan.FromSeconds(60), "streaming");
            Assert.Equal(silo, streaming.Silo);
            await client.StopAsync(started.SessionId);
        }
    }

    [Fact]
    public async Task A_gateway_pointed_at_another_instance_refuses_to_join_it()
    {
        await using var a = await LocalCluster.StartAsync([1], ownIdentity: true);
        var otherData = Path.Combine(Path.GetTempPath(), "hybrid-other-" + Guid.NewGuid().ToString("N")[..8]);

        // Instance B's gateway, misconfigured with A's Orleans gateway port: its data folder's ClusterId differs.
        var refused = new ConnectionAttempts();
        await using var stray = Gateway(a, otherData, refused);
        await Assert.ThrowsAnyAsync<Exception>(() => stray.StartAsync());
        Assert.Single(refused.Failures);

        // The same gateway configured with A's identity joins: the identity alone kept it out.
        var identity = a.Silos[0].Silo.Identity;
        var accepted = new ConnectionAttempts();
        await using var configured = Gateway(a, otherData, accepted, $"--Orleans:ServiceId={identity.ServiceId}", $"--Orleans:ClusterId={identity.ClusterId}");
        await configured.StartAsync();
        Assert.Empty(accepted.Failures);
        await configured.StopAsync();
    }

    private static WebApplication Gateway(LocalCluster target, string data, ConnectionAttempts attempts, params string[] extra) =>
        GatewayApp.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--Hybrid:DataDirectory={data}",
            $"--Orleans:GatewayPorts:0={target.Silos[0].GatewayPort}",
            .. extra,
        ], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Critical);
            // Without a filter the client would retry forever; this one gives up after the first refusal.
            builder.Services.AddSingleton<IClientConnectionRetryFilter>(attempts);
        });

    private sealed class ConnectionAttempts : IClientConnectionRetryFilter
    {
        public List<Exception> Failures { get; } = [];

        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            Failures.Add(exception);
            return Task.FromResult(false);
        }
    }
}
