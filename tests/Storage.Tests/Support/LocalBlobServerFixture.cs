using System.Net.Sockets;
using System.Net;
using Hybrid.Gateway.Blobs;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Tests.Support;

/// <summary>
/// A <see cref="LocalBlobStore"/> in a temp folder and a minimal real Kestrel app on a free loopback
/// port that maps <see cref="LocalBlobEndpoints.MapLocalBlobEndpoints"/>, so presigned URLs are
/// exercised over real HTTP exactly as the gateway serves them.
/// </summary>
public sealed class LocalBlobServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _root = new("local-blobs");
    private WebApplication? _app;

    public LocalBlobStore Store { get; private set; } = null!;

    public StorageOptions Options { get; private set; } = null!;

    public string BlobRoot => Options.LocalRoot!;

    public async Task InitializeAsync()
    {
        var port = FreeLoopbackPort();
        Options = new StorageOptions
        {
            Provider = BlobStoreProvider.Local,
            LocalRoot = Path.Combine(_root.Path, "blobs"),
            SigningKeyPath = Path.Combine(_root.Path, "storage", "url-signing.key"),
            PublicBaseUrl = $"http://127.0.0.1:{port}",
            MaxObjectBytes = 64L * 1024 * 1024,
        };
        Store = CreateStore();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IBlobStore>(Store);
        _app = builder.Build();
        _app.MapLocalBlobEndpoints();
        await _app.StartAsync();
    }

    /// <summary>Another store on the same folder and key, e.g. with a clock that signs in the past.</summary>
    public LocalBlobStore CreateStore(TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<LocalBlobStore>.Instance, time);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _root.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
