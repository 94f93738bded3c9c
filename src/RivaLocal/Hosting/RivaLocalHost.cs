using System.Net;
using Hybrid.RivaLocal.Engines;
using Hybrid.RivaLocal.PocketSphinx;
using Hybrid.RivaLocal.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hybrid.RivaLocal.Hosting;

/// <summary>
/// A running RivaLocal server: Riva-compatible ASR gRPC over HTTP/2 cleartext (h2c), backed by
/// PocketSphinx. Host it in-process with <see cref="StartAsync"/> and stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class RivaLocalHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StreamCapacity _streams;
    private readonly PocketSphinxEngine _engine;
    private int _disposed;

    private RivaLocalHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
        _streams = app.Services.GetRequiredService<StreamCapacity>();
        _engine = app.Services.GetRequiredService<PocketSphinxEngine>();
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:50051</c> (the real port when 0 was asked for).</summary>
    public Uri Endpoint { get; }

    /// <summary>Streams currently holding a slot (from accepted config to end of call).</summary>
    public int ActiveStreams => _streams.Active;

    /// <summary>Maximum concurrent streams (<see cref="RivaLocalOptions.Capacity"/>).</summary>
    public int Capacity => _streams.Capacity;

    /// <summary>Whether PocketSphinx loaded; when false only the <c>null</c> model works and health is NOT_SERVING.</summary>
    public bool EngineAvailable => _engine.IsAvailable;

    /// <summary>Why PocketSphinx is unavailable, or null when it is available.</summary>
    public string? EngineUnavailableReason => _engine.UnavailableReason;

    /// <summary>
    /// Loads the engine, binds the port and starts serving. A missing PocketSphinx does not fail start-up
    /// (see <see cref="EngineAvailable"/>); an invalid option or a busy port does.
    /// </summary>
    /// <param name="options">Server settings; validated here.</param>
    /// <param name="loggerFactory">Where server logs go; null discards them. Not disposed by the host.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<RivaLocalHost> StartAsync(
        RivaLocalOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = IPAddress.Parse(options.ListenAddress);

        // The empty builder reads no appsettings or environment, so an embedding process (the silo)
        // cannot reconfigure this server by accident.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RivaLocalHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Load tests multiplex hundreds of streams on one connection.
            kestrel.Limits.Http2.MaxStreamsPerConnection = Math.Max(100, options.Capacity * 2);
            kestrel.Listen(address, options.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory ?? NullLoggerFactory.Instance));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedHostLifetime>());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        AddRivaLocal(builder.Services, options);

        var app = builder.Build();
        app.MapGrpcService<RivaSpeechRecognitionService>();
        app.MapGrpcService<HealthService>();

        try
        {
            var engine = app.Services.GetRequiredService<PocketSphinxEngine>();
            // Model loading is ~0.3 s of blocking native work; keep it off the caller's thread.
            await Task.Run(engine.Initialize, cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            // Fire and forget: serving starts now; sessions that arrive first load their own decoder.
            var prewarm = options.PrewarmDecoders ?? Math.Min(options.Capacity, 4);
            _ = Task.Run(() => engine.Prewarm(prewarm), CancellationToken.None);
            return new RivaLocalHost(app, ResolveEndpoint(app, address));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops accepting calls, ends open streams with UNAVAILABLE and frees the decoders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void AddRivaLocal(IServiceCollection services, RivaLocalOptions options)
    {
        var settings = new DecoderSettings(
            options.ResolvedAcousticModelPath,
            options.ResolvedLanguageModelPath,
            options.ResolvedDictionaryPath,
            options.VadThreshold);

        services.AddSingleton(options);
        services.AddSingleton(new StreamCapacity(options.Capacity));
        services.AddSingleton(new OfflineGate(options.MaxOfflineConcurrency));
        // By default one decoder per concurrent stream plus one per concurrent offline request.
        services.AddSingleton(provider => new PocketSphinxEngine(
            settings,
            options.ResolvedMaxDecoders,
            provider.GetRequiredService<ILogger<PocketSphinxEngine>>()));
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<RecognizerFactory>();
        services.AddSingleton<RecognitionConfigValidator>();
        services.AddSingleton<RpcErrorMapper>();
        services.AddSingleton<OfflineRecognition>();
        services.AddTransient<StreamingRecognitionSession>();
    }

    private static Uri ResolveEndpoint(WebApplication app, IPAddress requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses?.Select(a => new Uri(a)).FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address");

        // A wildcard bind is reachable through loopback; report an address clients can dial.
        var host = requested.Equals(IPAddress.Any) || requested.Equals(IPAddress.IPv6Any)
            ? IPAddress.Loopback.ToString()
            : bound.Host;
        return new UriBuilder(Uri.UriSchemeHttp, host, bound.Port).Uri;
    }
}
