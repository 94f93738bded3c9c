using Hybrid.Grains;
using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Grains.Placement;
using Hybrid.RivaLocal.Hosting;
using Hybrid.Silo.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Hybrid.Silo;

/// <summary>
/// A silo and, in the embedded default, the RivaLocal recognizer it sits beside (the production
/// equivalent of a Riva sidecar on the same GPU node). RivaLocal starts first so the silo never
/// admits a session before its recognizer answers.
/// </summary>
public sealed class HybridSilo : IAsyncDisposable
{
    private HybridSilo(IHost host, RivaLocalHost? riva, ClusterIdentity identity, TimeSpan shutdownTimeout)
    {
        Host = host;
        Riva = riva;
        Identity = identity;
        ShutdownTimeout = shutdownTimeout;
    }

    public IHost Host { get; }

    /// <summary>The in-process recognizer, or null when <c>Asr:Embedded</c> is false.</summary>
    public RivaLocalHost? Riva { get; }

    /// <summary>The ServiceId/ClusterId this silo runs with (configured, or its data directory's own).</summary>
    public ClusterIdentity Identity { get; }

    /// <summary>
    /// How long a graceful stop may take (<c>Asr:DrainTimeout</c> + 5 s): sessions get the drain time to
    /// deactivate and persist their resume point, then Orleans stops whatever its stores do.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; }

    /// <summary>
    /// Builds and starts a silo from command-line style arguments (<c>--Section:Key=value</c>);
    /// <paramref name="configure"/> runs after every registration, so it can replace services.
    /// </summary>
    public static async Task<HybridSilo> StartAsync(string[] args, Action<HostApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        // Orleans itself owns Orleans:Clustering / Orleans:GrainStorage (its config-driven providers), so ours live under Hybrid:.
        settings.Clustering = configuration["Hybrid:Clustering"] ?? settings.Clustering;
        settings.GrainStorage = configuration["Hybrid:GrainStorage"] ?? settings.GrainStorage;
        var dataDirectory = Path.GetFullPath(configuration["Hybrid:DataDirectory"] ?? "data");
        var identity = ClusterIdentity.Resolve(settings.ServiceId, settings.ClusterId, settings.Clustering.Equals("Localhost", StringComparison.OrdinalIgnoreCase), dataDirectory);
        // Before the recognizer starts: a second instance on the same ports must fail here, not share them.
        PortGuard.EnsureFree((settings.SiloPort, "Orleans:SiloPort"), (settings.GatewayPort, "Orleans:GatewayPort"));
        var drainTimeout = configuration.GetValue("Asr:DrainTimeout", TimeSpan.FromSeconds(60));
        var shutdownTimeout = drainTimeout + TimeSpan.FromSeconds(5);

        RivaLocalHost? riva = null;
        if (configuration.GetValue("Asr:Embedded", true))
        {
            var rivaOptions = configuration.GetSection("RivaLocal").Get<RivaLocalOptions>() ?? new RivaLocalOptions();
            rivaOptions.Capacity = configuration.GetValue("Asr:Capacity", rivaOptions.Capacity);
            // Ephemeral by default so several silos (and tests) on one machine never collide.
            rivaOptions.Port = configuration.GetValue("RivaLocal:Port", 0);
            riva = await RivaLocalHost.StartAsync(rivaOptions, LoggerFactory.Create(l => l.AddConsole()), cancellationToken);
            configuration["Asr:Endpoint"] = riva.Endpoint.ToString();
        }

        builder.Services.AddHybridGrainServices(configuration);
        builder.UseOrleans(silo =>
        {
            SiloClusterSetup.Apply(silo, settings, identity, configuration, dataDirectory);
            // A session's deactivation (persisting its resume point) may not outlast the drain time.
            silo.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = drainTimeout);
            silo.AddGpuCapacityPlacement();
            // Storage-path events: an Orleans stream per user, consumed by RecordingEventsGrain.
            silo.AddMemoryStreams(Hybrid.Grains.Interfaces.Events.RecordingStreams.Provider);
            silo.AddMemoryGrainStorage("PubSubStore");
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        // Last, so a caller (a test) can replace any registration made above.
        configure?.Invoke(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            if (riva is not null)
            {
                await riva.DisposeAsync();
            }

            throw;
        }

        return new HybridSilo(host, riva, identity, shutdownTimeout);
    }

    /// <summary>Stops the silo (letting sessions deactivate and persist) and then its recognizer.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // A no-op when the console lifetime already stopped the host; bounded either way.
            await Host.StopAsync(ShutdownTimeout);
        }
        finally
        {
            Host.Dispose();
            if (Riva is not null)
            {
                await Riva.DisposeAsync();
            }
        }
    }
}
