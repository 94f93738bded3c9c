using Hybrid.Grains.Asr;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.RivaLocal.Hosting;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Local;
using Hybrid.TestSupport.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>
/// The whole live path with faults on demand: RivaLocal runs standalone (<c>Asr:Embedded=false</c>) and
/// the silo reaches it only through a <see cref="FaultProxy"/> (real gRPC bytes); the silo's blob store
/// is wrapped in a <see cref="FaultyBlobStore"/>.
/// </summary>
public class ProxiedSystem : SystemFixture
{
    private RivaLocalHost? _riva;

    /// <summary>The proxy in front of the recognizer.</summary>
    public FaultProxy Proxy { get; private set; } = null!;

    /// <summary>The silo's blob store (real, local), whose writes a test can make fail.</summary>
    public FaultyBlobStore Blobs => (FaultyBlobStore)Silo.Host.Services.GetRequiredService<IBlobStore>();

    /// <summary>The recognizer behind the proxy.</summary>
    public RivaLocalHost Recognizer => _riva!;

    /// <summary>Longest recognizer outage a session rides out (<c>Asr:MaxOutage</c>).</summary>
    protected virtual TimeSpan MaxOutage => TimeSpan.FromSeconds(120);

    /// <summary>Long enough that no session ends for lack of audio while a test waits out an outage.</summary>
    protected override TimeSpan IdleTimeout => TimeSpan.FromMinutes(3);

    protected override IEnumerable<string> SiloArguments =>
    [
        "--Asr:Embedded=false",
        $"--Asr:Endpoint={Proxy.Endpoint}",
        $"--Asr:MaxOutage={MaxOutage}",
        "--Asr:ReconnectBackoffCap=00:00:02",
    ];

    /// <summary>
    /// Waits until the silo's recognizer channel answers again. After an outage its gRPC channel retries
    /// connecting with back-off, so the first calls after the proxy accepts may still fail; tests call
    /// this first so that none depends on how the one before it left the proxy.
    /// </summary>
    public async Task WaitForRecognizerAsync(TimeSpan timeout)
    {
        var riva = Silo.Host.Services.GetRequiredService<RivaClient>();
        using var cts = new CancellationTokenSource(timeout);
        while (!await riva.IsServingAsync(cts.Token))
        {
            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the recognizer was not reachable through the proxy within {timeout}");
            }
        }
    }

    public override async Task InitializeAsync()
    {
        _riva = await RivaLocalHost.StartAsync(new RivaLocalOptions { Port = 0, Capacity = 3 });
        Proxy = FaultProxy.Start(_riva.Endpoint.Port);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
        if (_riva is not null)
        {
            await _riva.DisposeAsync();
        }
    }

    protected override void ConfigureSilo(HostApplicationBuilder builder) =>
        builder.Services.AddSingleton<IBlobStore>(sp => new FaultyBlobStore(sp.GetRequiredService<LocalBlobStore>()));
}
