using System.Diagnostics;
using Hybrid.Gateway;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Distributed.Tests.Infrastructure;

/// <summary>
/// Silos as real operating-system processes (<c>Hybrid.Silo</c>, each with its in-process
/// RivaLocal) and one in-process gateway, on loopback with fast failure detection. A silo is
/// killed with SIGKILL: no deactivation, no goodbye to the cluster, its sockets just vanish.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hybrid-pc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _clusterId = "pc-" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<SiloProcess> _silos = [];
    private WebApplication? _gateway;

    private ProcessCluster()
    {
        Directory.CreateDirectory(_data);
    }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public Uri BaseUri { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IClusterClient Client => _gateway!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts one silo process per capacity (silo-0 first: the membership primary), then the gateway.</summary>
    public static async Task<ProcessCluster> StartAsync(int[] capacities)
    {
        var cluster = new ProcessCluster();
        try
        {
            var primaryPort = 0;
            foreach (var capacity in capacities)
            {
                var silo = cluster.StartSilo(capacity, primaryPort);
                primaryPort = primaryPort == 0 ? silo.SiloPort : primaryPort;
            }

            await cluster.StartGatewayAsync();
            await SystemFixture.WaitUntilAsync(() => cluster.ServingSilos() >= capacities.Length,
                TimeSpan.FromSeconds(180), $"{capacities.Length} silo processes to serve");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo called <paramref name="name"/> (as <c>SessionStatus.silo</c> shows it).</summary>
    public SiloProcess Silo(string name) => _silos.Single(s => s.Name == name);

    public async Task<string> TokenAsync(string user)
    {
        using var response = await Http.PostAsync("/api/dev/token", new StringContent($"{{\"user\":\"{user}\"}}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            try
            {
                await _gateway.DisposeAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
            {
                // Already stopped.
            }
        }

        foreach (var silo in Enumerable.Reverse(_silos))
        {
            silo.Dispose();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private int ServingSilos()
    {
        foreach (var silo in _silos.Where(s => s.HasExited))
        {
            Assert.Fail($"{silo.Name} exited during start-up (code {silo.ExitCode}); its log:\n{silo.LogTail()}");
        }

        try
        {
            return Client.GetGrain<ICapacityRegistryGrain>(0).Snapshot().WaitAsync(TimeSpan.FromSeconds(10)).Result.Count(r => r.Serving);
        }
        catch (AggregateException)
        {
            // The cluster is still forming.
            return 0;
        }
    }

    private SiloProcess StartSilo(int capacity, int primaryPort)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var name = $"silo-{_silos.Count}";
        List<string> args =
        [
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:SiloName={name}",
            $"--Orleans:ClusterId={_clusterId}",
            "--Orleans:Membership:ProbeTimeout=00:00:01",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=1",
            $"--Asr:Capacity={capacity}",
            $"--Asr:DisplayName=rivalocal-{_silos.Count}",
            "--RivaLocal:PrewarmDecoders=0",
            "--Storage:PublicBaseUrl=http://127.0.0.1:1",
            "--Logging:LogLevel:Default=Warning",
        ];
        if (primaryPort != 0)
        {
            args.Add($"--Orleans:PrimarySiloPort={primaryPort}");
        }

        var silo = SiloProcess.Start(name, siloPort, gatewayPort, args, Path.Combine(_data, name + ".log"));
        _silos.Add(silo);
        return silo;
    }

    private async Task StartGatewayAsync()
    {
        var port = FreePort.Next();
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        var args = new List<string>
        {
            $"--urls={BaseUri}",
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:ClusterId={_clusterId}",
            "--RateLimits:DevSignInPerMinute=10000",
        };
        args.AddRange(_silos.Select((s, i) => $"--Orleans:GatewayPorts:{i}={s.GatewayPort}"));
        _gateway = GatewayApp.Build([.. args], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await _gateway.StartAsync();
        Http = new HttpClient { BaseAddress = BaseUri };
    }
}
