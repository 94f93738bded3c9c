using System.Net.Http.Json;
using Hybrid.Gateway;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Recording;
using Microsoft.Extensions.Time.Testing;
using Hybrid.Silo;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>
/// The whole live path on loopback: a silo with its in-process RivaLocal (real PocketSphinx over real
/// gRPC), file grain storage in a temp folder, and a real Kestrel gateway with the SignalR hub.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hybrid-it-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new();
    private WebApplication? _gateway;

    public HybridSilo Silo { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway's cluster client, for looking at grains directly.</summary>
    public IClusterClient Cluster => _gateway!.Services.GetRequiredService<IClusterClient>();

    public AsrSlotPool Slots => Silo.Host.Services.GetRequiredService<AsrSlotPool>();

    /// <summary>The storage path's clock: starts at the real time, moves only when a test advances it.</summary>
    public FakeTimeProvider RecordingTime { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every storage-path event the silo published.</summary>
    public CapturingEventSink Events { get; } = new();

    /// <summary>The data folder (local blobs live under <c>blobs/</c>).</summary>
    public string DataDirectory => _data;

    /// <summary>How long a session may go without audio (short here so abandoned sessions end quickly).</summary>
    protected virtual TimeSpan IdleTimeout => TimeSpan.FromSeconds(3);

    /// <summary>Extra silo settings of a derived fixture (<c>--Key=value</c>).</summary>
    protected virtual IEnumerable<string> SiloArguments => [];

    /// <summary>Extra gateway settings of a derived fixture (<c>--Key=value</c>).</summary>
    protected virtual IEnumerable<string> GatewayArguments => [];

    /// <summary>Service changes of a derived fixture (e.g. a fault-injecting wrapper), made after all others.</summary>
    protected virtual void ConfigureSilo(Microsoft.Extensions.Hosting.HostApplicationBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var httpPort = FreePort.Next();
        BaseUri = new Uri($"http://127.0.0.1:{httpPort}");
        Silo = await HybridSilo.StartAsync(
        [
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            "--Orleans:SiloName=it-silo",
            "--Orleans:ClusterId=it",
            "--Asr:Capacity=3",
            $"--Asr:IdleTimeout={IdleTimeout}",
            "--Asr:DisplayName=rivalocal-it",
            $"--Storage:PublicBaseUrl={BaseUri}",
            .. SiloArguments,
        ], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.AddSingleton(new RecordingClock(RecordingTime));
            b.Services.AddSingleton<Hybrid.Grains.Events.IRecordingEventSink>(Events);
            ConfigureSilo(b);
        });

        _gateway = GatewayApp.Build(
        [
            $"--urls={BaseUri}",
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:GatewayPorts:0={gatewayPort}",
            $"--Storage:PublicBaseUrl={BaseUri}",
            "--Orleans:ClusterId=it",
            .. SiloArguments.Where(a => a.StartsWith("--Storage:", StringComparison.Ordinal)),
            .. GatewayArguments,
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await _gateway.StartAsync();
        Http = new HttpClient { BaseAddress = BaseUri };
    }

    /// <summary>A dev token for <paramref name="user"/>.</summary>
    public async Task<string> TokenAsync(string user)
    {
        if (_tokens.TryGetValue(user, out var cached))
        {
            return cached;
        }

        var response = await Http.PostAsJsonAsync("/api/dev/token", new { user });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return _tokens[user] = body!["access_token"].ToString()!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {timeout} waiting for: {what}");
            }
        }
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
