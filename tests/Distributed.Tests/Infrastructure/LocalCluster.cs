using Hybrid.Gateway;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Silo;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Distributed.Tests.Infrastructure;

/// <summary>
/// Several silos (each with its own RivaLocal of a given capacity) and gateways on loopback, sharing
/// one data folder, with fast failure detection. Silos can be stopped gracefully or killed.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hybrid-dt-" + Guid.NewGuid().ToString("N")[..8]);
    // Null: no configured identity, so silos and gateways use the one their data directory generates.
    private readonly string? _clusterId;
    private readonly List<(HybridSilo Silo, int GatewayPort, string Name)> _silos = [];
    private readonly List<WebApplication> _gateways = [];
    private readonly IReadOnlyList<string> _extraSiloArgs;
    private readonly IReadOnlyList<string> _extraGatewayArgs;
    private int _primaryPort;

    private readonly string _namePrefix;

    private LocalCluster(IReadOnlyList<string> extraSiloArgs, IReadOnlyList<string> extraGatewayArgs, bool ownIdentity, string namePrefix)
    {
        _extraSiloArgs = extraSiloArgs;
        _extraGatewayArgs = extraGatewayArgs;
        _clusterId = ownIdentity ? null : "dt-" + Guid.NewGuid().ToString("N")[..6];
        _namePrefix = namePrefix;
    }

    /// <summary>The data folder every silo and gateway of this cluster shares.</summary>
    public string DataDirectory => _data;

    /// <summary>Silo port of the first silo, which other localhost silos join through.</summary>
    public int PrimarySiloPort => _primaryPort;

    public IReadOnlyList<(HybridSilo Silo, int GatewayPort, string Name)> Silos => _silos;

    public Uri BaseUri { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IClusterClient Client => _gateways[0].Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Starts silos of the given capacities and one gateway; extra arguments go to silos and gateways.
    /// With <paramref name="ownIdentity"/> no ClusterId is configured, as in <c>scripts/run</c>: the data
    /// folder's own identity applies. Silos are named <paramref name="namePrefix"/> + index.
    /// </summary>
    public static async Task<LocalCluster> StartAsync(int[] capacities, string[]? siloArgs = null, string[]? gatewayArgs = null, bool ownIdentity = false, string namePrefix = "silo-")
    {
        var cluster = new LocalCluster(siloArgs ?? [], gatewayArgs ?? [], ownIdentity, namePrefix);
        foreach (var capacity in capacities)
        {
            await cluster.AddSiloAsync(capacity);
        }

        cluster.BaseUri = await cluster.AddGatewayAsync();
        cluster.Http = new HttpClient { BaseAddress = cluster.BaseUri };
        return cluster;
    }

    public async Task AddSiloAsync(int capacity)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var name = $"{_namePrefix}{_silos.Count}";
        List<string> args =
        [
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:SiloName={name}",
            .. ClusterIdArgs,
            "--Orleans:Membership:ProbeTimeout=00:00:01",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=1",
            $"--Asr:Capacity={capacity}",
            $"--Asr:DisplayName=rivalocal-{_silos.Count}",
            "--RivaLocal:PrewarmDecoders=0",
            "--Storage:PublicBaseUrl=http://127.0.0.1:1",
            .. _extraSiloArgs,
        ];
        if (_silos.Count == 0)
        {
            _primaryPort = siloPort;
        }
        else
        {
            args.Add($"--Orleans:PrimarySiloPort={_primaryPort}");
        }

        var silo = await HybridSilo.StartAsync([.. args], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        _silos.Add((silo, gatewayPort, name));
    }

    public async Task<Uri> AddGatewayAsync()
    {
        var port = FreePort.Next();
        var uri = new Uri($"http://127.0.0.1:{port}");
        List<string> args =
        [
            $"--urls={uri}",
            $"--Hybrid:DataDirectory={_data}",
            .. ClusterIdArgs,
            "--RateLimits:DevSignInPerMinute=10000",
        ];
        args.AddRange(_silos.Select((s, i) => $"--Orleans:GatewayPorts:{i}={s.GatewayPort}"));
        args.AddRange(_extraGatewayArgs);
        var gateway = GatewayApp.Build([.. args], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await gateway.StartAsync();
        _gateways.Add(gateway);
        return uri;
    }

    private string[] ClusterIdArgs => _clusterId is null ? [] : [$"--Orleans:ClusterId={_clusterId}"];

    public async Task StopGatewayAsync(int index)
    {
        await _gateways[index].StopAsync();
        await _gateways[index].DisposeAsync();
    }

    /// <summary>Stops a silo the way Kubernetes does on a rolling update: sessions deactivate and persist.</summary>
    public async Task StopSiloAsync(int index) => await _silos[index].Silo.DisposeAsync();

    /// <summary>
    /// Kills a silo: Orleans stops without deactivating anything or leaving the cluster (its peers must
    /// detect the death), and its recognizer goes with it, as when a GPU node dies.
    /// </summary>
    public async Task KillSiloAsync(int index)
    {
        var silo = _silos[index].Silo;
        try
        {
            await silo.Host.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // Expected: the stop was cut short on purpose.
        }

        if (silo.Riva is not null)
        {
            await silo.Riva.DisposeAsync();
        }
    }

    /// <summary>Waits until every running silo's capacity report is in the registry.</summary>
    public async Task WaitForCapacityReportsAsync(int silos)
    {
        await SystemFixture.WaitUntilAsync(() =>
            Client.GetGrain<ICapacityRegistryGrain>(0).Snapshot().Result.Count(r => r.Serving) >= silos,
            TimeSpan.FromSeconds(60), $"{silos} silos to report their capacity");
    }

    public async Task<string> TokenAsync(string user)
    {
        var response = await Http.PostAsync("/api/dev/token", new StringContent($"{{\"user\":\"{user}\"}}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var gateway in _gateways)
        {
            try
            {
                await gateway.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // Stopped by the test.
            }
        }

        foreach (var (silo, _, _) in Enumerable.Reverse(_silos))
        {
            try
            {
                await silo.DisposeAsync();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // Stopped by the test.
            }
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
}
