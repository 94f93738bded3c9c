using System.Net;
using Hybrid.Grains;
using Hybrid.Grains.Storage;
using Hybrid.RivaLocal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hybrid.Silo;

/// <summary>
/// A silo and, in the embedded default, the RivaLocal recognizer it sits beside (the production
/// equivalent of a Riva sidecar on the same GPU node). RivaLocal starts first so the silo never
/// admits a session before its recognizer answers.
/// </summary>
public sealed class HybridSilo : IAsyncDisposable
{
    private HybridSilo(IHost host, RivaLocalHost? riva)
    {
        Host = host;
        Riva = riva;
    }

    public IHost Host { get; }

    /// <summary>The in-process recognizer, or null when <c>Asr:Embedded</c> is false.</summary>
    public RivaLocalHost? Riva { get; }

    /// <summary>Builds and starts a silo from command-line style arguments (<c>--Section:Key=value</c>).</summary>
    public static async Task<HybridSilo> StartAsync(string[] args, Action<HostApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        var dataDirectory = Path.GetFullPath(configuration["Hybrid:DataDirectory"] ?? "data");

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
            if (!string.Equals(settings.Clustering, "Localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Orleans:Clustering={settings.Clustering} is not supported by this build; use Localhost");
            }

            var primary = settings.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, primary, settings.ServiceId, settings.ClusterId);
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = settings.SiloName ?? $"silo-{settings.SiloPort}");
            if (string.Equals(settings.GrainStorage, "Memory", StringComparison.OrdinalIgnoreCase))
            {
                silo.AddMemoryGrainStorage("sessions");
            }
            else
            {
                silo.Services.AddFileGrainStorage("sessions", Path.Combine(dataDirectory, "grains"));
            }
        });

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

        return new HybridSilo(host, riva);
    }

    /// <summary>Stops the silo (letting sessions deactivate and persist) and then its recognizer.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(30));
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
