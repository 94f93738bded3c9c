using Hybrid.Gateway.Api;
using Hybrid.Gateway.Api.Audio;
using Hybrid.Gateway.Api.Files;
using Hybrid.Gateway.Api.Memory;
using Hybrid.Gateway.Auth;
using Hybrid.Gateway.Blobs;
using Hybrid.Gateway.Health;
using Hybrid.Gateway.Hubs;
using Hybrid.Gateway.Orleans;
using Hybrid.Gateway.Security;
using Hybrid.Gateway.WebApp;
using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Protocol;
using Hybrid.Storage.Hosting;
using Microsoft.AspNetCore.Http.Connections;

namespace Hybrid.Gateway;

/// <summary>Builds the gateway: SignalR hub, REST API, auth and the Orleans client.</summary>
public static class GatewayApp
{
    /// <summary>Creates the app from command-line style arguments (<c>--Section:Key=value</c> works).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var dataDirectory = builder.Configuration["Hybrid:DataDirectory"] ?? "data";

        var cluster = builder.Configuration.GetSection(GatewayClusterOptions.SectionName).Get<GatewayClusterOptions>() ?? new GatewayClusterOptions();
        // Orleans owns Orleans:Clustering for its own config-driven providers; ours is Hybrid:Clustering.
        cluster.Clustering = builder.Configuration["Hybrid:Clustering"] ?? cluster.Clustering;
        var identity = ClusterIdentity.Resolve(cluster.ServiceId, cluster.ClusterId, cluster.Clustering.Equals("Localhost", StringComparison.OrdinalIgnoreCase), dataDirectory);
        builder.UseOrleansClient(client => GatewayClusterSetup.Apply(client, cluster, identity, builder.Configuration));

        builder.Services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection(LiveOptions.SectionName));
        builder.Services.AddHybridAuth(builder.Configuration, dataDirectory);
        builder.Services.AddHybridRateLimits(builder.Configuration);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            // Only configured origins, never "*"; tokens travel in headers, so no credentials mode.
            var origins = builder.Configuration.GetSection("Auth:AllowedOrigins").Get<string[]>() ?? [];
            policy.WithOrigins(origins).WithHeaders("Authorization", "Content-Type", "X-Requested-With", "X-SignalR-User-Agent")
                .WithMethods("GET", "POST", "PUT", "DELETE").WithExposedHeaders("Retry-After");
        }));
        builder.Services.AddBlobStore(builder.Configuration);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemCodes.Apply);
        builder.Services.AddSingleton<SessionFeeds>();
        builder.Services.AddSingleton<RecognizerCatalog>();
        builder.Services.AddSignalR(hub =>
            {
                // A 100 ms frame is 3.2 KB; allow oversized frames through so they get a clean frame_too_large.
                hub.MaximumReceiveMessageSize = 128 * 1024;
                hub.EnableDetailedErrors = false;
            })
            .AddMessagePackProtocol();
        builder.Services.UseCodedHubErrors();

        var urls = (builder.Configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries);
        // Fail before anything starts, with the setting to change, rather than after the Orleans client connected.
        PortGuard.EnsureFree([.. urls.Select(u => (ListenPort(u), "the gateway's --urls"))]);
        var app = builder.Build();
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        DevModeGuard.EnsureSafe(auth, urls);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders(builder.Configuration);
        app.UseRouting();
        app.UseCors();
        app.UseOriginAllowList();
        app.UseBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHybridHealth();
        app.MapIdentity();
        app.MapAudioSessions();
        app.MapClientConfig();
        app.MapFiles();
        app.MapMemory();
        app.MapLocalBlobEndpoints();
        if (app.Services.GetService<DevSigningKey>() is not null)
        {
            app.MapDevAuth();
        }

        app.MapHub<TranscriptionHub>(HubNames.Route, o =>
        {
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            // A connection lives no longer than its token; the client reconnects with a fresh one.
            o.CloseOnAuthenticationExpiration = true;
        });
        app.MapHybridWebApp();
        return app;
    }

    /// <summary>The port of a listen URL such as <c>http://+:8080</c>; 0 when it has none to check.</summary>
    private static int ListenPort(string url)
    {
        var parsed = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(parsed, UriKind.Absolute, out var uri) && !uri.IsDefaultPort ? uri.Port : 0;
    }
}
