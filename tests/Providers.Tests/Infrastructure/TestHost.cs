using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Hybrid.Providers.Tests.Infrastructure;

/// <summary>
/// Builds (never starts) an Orleans silo or client host so providers are resolved exactly as the real hosts
/// resolve them: through our hosting extensions, named options, post-configured serializer and validators.
/// </summary>
public sealed class TestHost : IDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static TestHost Silo(string serviceId, string clusterId, Action<ISiloBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            configure(silo);
        });
        services?.Invoke(builder.Services);
        return new TestHost(builder.Build());
    }

    public static TestHost Client(string serviceId, string clusterId, Action<IClientBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            configure(client);
        });
        services?.Invoke(builder.Services);
        return new TestHost(builder.Build());
    }

    /// <summary>Runs our providers' start-up validators (Orleans runs all of them when a host starts).</summary>
    public void ValidateProviderOptions()
    {
        foreach (var validator in Services.GetServices<Orleans.IConfigurationValidator>()
                     .Where(v => v.GetType().Namespace?.StartsWith("Hybrid.", StringComparison.Ordinal) == true))
        {
            validator.ValidateConfiguration();
        }
    }

    public void Dispose() => _host.Dispose();
}
