using System.Net;
using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Grains.Storage;
using Hybrid.Providers.DynamoDB.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Hybrid.Silo.Clustering;

/// <summary>
/// Membership and grain storage chosen by configuration: <c>Hybrid:Clustering</c> =
/// Localhost | DynamoDB | Redis and <c>Hybrid:GrainStorage</c> = File | Memory | DynamoDB | Redis.
/// </summary>
public static class SiloClusterSetup
{
    /// <summary>The grain storage every session and user grain uses.</summary>
    public const string StorageName = "sessions";

    /// <summary>Applies clustering and storage; <paramref name="identity"/> is the resolved ServiceId/ClusterId.</summary>
    public static void Apply(ISiloBuilder silo, SiloSettings settings, ClusterIdentity identity, IConfiguration configuration, string dataDirectory)
    {
        silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName ?? $"silo-{settings.SiloPort}");
        // Failure detection (probe timeout, missed probes, votes): tighter in tests, defaults in production.
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        switch (settings.Clustering.ToLowerInvariant())
        {
            case "localhost":
                var primary = settings.PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, primary, identity.ServiceId, identity.ClusterId);
                break;
            case "dynamodb":
                ConfigureIdentity(silo, settings, identity);
                silo.UseDynamoDBClustering(o =>
                    o.ReadFrom(configuration));
                break;
            case "redis":
                ConfigureIdentity(silo, settings, identity);
                silo.UseRedisClustering(RedisConnection(configuration));
                break;
            default:
                throw new InvalidOperationException($"Hybrid:Clustering must be Localhost, DynamoDB or Redis, not '{settings.Clustering}'");
        }

        switch (settings.GrainStorage.ToLowerInvariant())
        {
            case "file":
                silo.Services.AddFileGrainStorage(StorageName, Path.Combine(dataDirectory, "grains"));
                break;
            case "memory":
                silo.AddMemoryGrainStorage(StorageName);
                break;
            case "dynamodb":
                silo.AddDynamoDBGrainStorage(StorageName, o =>
                    o.ReadFrom(configuration));
                break;
            case "redis":
                silo.AddRedisGrainStorage(StorageName, o => o.ConfigurationOptions = ConfigurationOptions.Parse(RedisConnection(configuration)));
                break;
            default:
                throw new InvalidOperationException($"Hybrid:GrainStorage must be File, Memory, DynamoDB or Redis, not '{settings.GrainStorage}'");
        }
    }

    private static void ConfigureIdentity(ISiloBuilder silo, SiloSettings settings, ClusterIdentity identity)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = identity.ServiceId;
            o.ClusterId = identity.ClusterId;
        });
        var advertised = IPAddress.Parse(settings.AdvertisedIP ?? "127.0.0.1");
        silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: settings.ListenOnAnyHostAddress);
    }

    private static string RedisConnection(IConfiguration configuration) =>
        configuration["Redis:ConnectionString"] is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("Redis needs Redis:ConnectionString (e.g. 127.0.0.1:6379)");
}
