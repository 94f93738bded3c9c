using System.Net;
using System.Net.Sockets;
using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Gateway;
using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.TestSupport;
using Microsoft.Extensions.Logging;

namespace Hybrid.Distributed.Tests.Hosting;

/// <summary>A second instance on ports the first one holds fails at once, naming the port, instead of sharing them.</summary>
[Trait("Category", "Distributed")]
public sealed class PortClashTests
{
    [Fact]
    public async Task A_silo_process_on_the_ports_of_a_running_silo_exits_at_once_naming_the_port()
    {
        await using var first = await LocalCluster.StartAsync([1], ownIdentity: true);
        var data = Path.Combine(Path.GetTempPath(), "hybrid-clash-" + Guid.NewGuid().ToString("N")[..8]);
        var (_, gatewayPort, _) = first.Silos[0];

        // Orleans binds with address reuse: without the guard this process would start and share the ports.
        await using var second = SiloProcess.Start(
        [
            $"--Hybrid:DataDirectory={data}",
            $"--Orleans:SiloPort={first.PrimarySiloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            "--RivaLocal:PrewarmDecoders=0",
        ]);

        Assert.True(await second.WaitForExitAsync(TimeSpan.FromMinutes(2)), "the second silo should exit by itself:\n" + second.Output);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"port {first.PrimarySiloPort} (Orleans:SiloPort) is already in use", second.Output);
        Assert.DoesNotContain("   at ", second.Output); // one clear line, no stack trace
        Assert.False(Directory.Exists(Path.Combine(data, "grains")), "nothing should have started");

        // The first instance is untouched.
        var health = await first.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_silo_started_in_process_on_a_taken_gateway_port_fails_before_starting_anything()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var data = Path.Combine(Path.GetTempPath(), "hybrid-clash-" + Guid.NewGuid().ToString("N")[..8]);

        var failure = await Assert.ThrowsAsync<PortInUseException>(() => Hybrid.Silo.HybridSilo.StartAsync(
        [
            $"--Hybrid:DataDirectory={data}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={taken}",
        ]));

        Assert.Contains($"port {taken} (Orleans:GatewayPort) is already in use", failure.Message);
    }

    [Fact]
    public void A_gateway_whose_http_port_is_taken_fails_at_build_naming_the_port()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var data = Path.Combine(Path.GetTempPath(), "hybrid-clash-" + Guid.NewGuid().ToString("N")[..8]);

        var failure = Assert.Throws<PortInUseException>(() => GatewayApp.Build(
            [$"--urls=http://127.0.0.1:{taken}", $"--Hybrid:DataDirectory={data}"],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning)));

        Assert.Contains($"port {taken} (the gateway's --urls) is already in use", failure.Message);
    }
}
