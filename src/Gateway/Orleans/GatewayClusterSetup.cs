using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Providers.DynamoDB.Hosting;
using Orleans.Configuration;

namespace Hybrid.Gateway.Orleans;

/// <summary>How the gateway (an Orleans client) finds the silos: Localhost, DynamoDB or Redis membership.</summary>
public static class GatewayClusterSetup
{
    /// <summary>Applies clustering; <paramref name="identity"/> is the resolved ServiceId/ClusterId.</summary>
    public static void Apply(IClientBuilder client, GatewayClusterOptions cluster, ClusterIdentity identity, IConfiguration configuration)
    {
        switch (cluster.Clustering.ToLowerInvariant())
        {
            case "localhost":
                client.UseLocalhostClustering(cluster.EffectiveGatewayPorts, identity.ServiceId, identity.ClusterId);
                return;
            case "dynamodb":
                client.UseDynamoDBClustering(o =>
                    o.ReadFrom(configuration));
                break;
            case "redis":
                client.UseRedisClustering(configuration["Redis:ConnectionString"]
                    ?? throw new InvalidOperationException("Redis needs Redis:ConnectionString"));
                break;
            default:
                throw new InvalidOperationException($"Hybrid:Clustering must be Localhost, DynamoDB or Redis, not '{cluster.Clustering}'");
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = identity.ServiceId;
            o.ClusterId = identity.ClusterId;
        });
    }
}
