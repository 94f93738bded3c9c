using Hybrid.Gateway;
using Hybrid.Gateway.WebApp;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Silo;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// A system of two silos (each with its RivaLocal) and a gateway serving the built web app, for
/// browser tests that take a silo away mid-recording. silo-1 has more recognizer room, so placement
/// puts a new session there; silo-0 holds the cluster's membership and stays.
/// </summary>
public sealed class TwoSiloSystem : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hybrid-browser2-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _clusterId = "browser2-" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<HybridSilo> _silos = [];
    private readonly List<int> _gatewayPorts = [];
    private WebApplication? _gateway;

    public Uri BaseUri { get; private set; } = null!;

    public string MicrophoneWav { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Paths.Chromium))
        {
            throw new InvalidOperationException($"chromium was not found at {Paths.Chromium}; run scripts/test (hybrid_install_browser)");
        }

        MicrophoneWav = await FakeMicrophone.CreateAsync();
        BaseUri = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var primaryPort = await AddSiloAsync(capacity: 1, primaryPort: 0);
        await AddSiloAsync(capacity: 3, primaryPort);

        List<string> args =
        [
            $"--urls={BaseUri}",
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:ClusterId={_clusterId}",
            $"--Storage:PublicBaseUrl={BaseUri}",
            $"--WebApp:Root={Path.Combine(Paths.ClientApp, "dist")}",
            "--Logging:LogLevel:Default=Warning",
        ];
        args.AddRange(_gatewayPorts.Select((port, i) => $"--Orleans:GatewayPorts:{i}={port}"));
        _gateway = GatewayApp.Build([.. args], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        _gateway.MapHybridWebApp(); // no-op once GatewayApp maps it itself
        await _gateway.StartAsync();

        // Placement must see both silos' room before the browser starts its session.
        var registry = _gateway.Services.GetRequiredService<IClusterClient>().GetGrain<ICapacityRegistryGrain>(0);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await registry.Snapshot()).Count(r => r.Serving) < 2)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>Stops the named silo the way a rolling restart does (its sessions persist and move).</summary>
    public async Task StopSiloAsync(string name)
    {
        var index = int.Parse(name["silo-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await _silos[index].DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        foreach (var silo in Enumerable.Reverse(_silos))
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

    private async Task<int> AddSiloAsync(int capacity, int primaryPort)
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
            "--Logging:LogLevel:Default=Warning",
            $"--Storage:PublicBaseUrl={BaseUri}",
        ];
        if (primaryPort != 0)
        {
            args.Add($"--Orleans:PrimarySiloPort={primaryPort}");
        }

        _silos.Add(await HybridSilo.StartAsync([.. args], b => b.Logging.SetMinimumLevel(LogLevel.Warning)));
        _gatewayPorts.Add(gatewayPort);
        return siloPort;
    }
}
