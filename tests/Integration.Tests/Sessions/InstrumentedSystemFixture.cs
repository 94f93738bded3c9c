using System.Security.Cryptography;
using System.Text;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hybrid.Integration.Tests.Sessions;

/// <summary>The whole system with the silo's blob store wrapped in a <see cref="FaultyBlobStore"/>.</summary>
public sealed class InstrumentedSystemFixture : SystemFixture
{
    public FaultyBlobStore Blobs { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Blobs = (FaultyBlobStore)Silo.Host.Services.GetRequiredService<IBlobStore>();
    }

    /// <summary>Long sessions pause between upload phases; an idle timeout must not end them meanwhile.</summary>
    protected override TimeSpan IdleTimeout => TimeSpan.FromMinutes(10);

    /// <summary>Bytes of a session grain's persisted state, as the file grain storage holds it.</summary>
    public long SessionStateBytes(string sessionId)
    {
        var grainId = Cluster.GetGrain<ISessionGrain>(sessionId).GetGrainId().ToString();
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId))) + ".state";
        var file = Directory.EnumerateFiles(DataDirectory, name, SearchOption.AllDirectories).Single();
        return new FileInfo(file).Length;
    }

    protected override void ConfigureSilo(HostApplicationBuilder builder)
    {
        var inner = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IBlobStore))
            ?? throw new InvalidOperationException("the silo registers no blob store");
        builder.Services.AddSingleton<IBlobStore>(sp =>
        {
            var store = inner.ImplementationFactory?.Invoke(sp) ?? inner.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!);
            return new FaultyBlobStore((IBlobStore)store);
        });
    }
}
