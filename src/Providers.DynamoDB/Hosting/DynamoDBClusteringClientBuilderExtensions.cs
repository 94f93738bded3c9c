using Hybrid.Providers.DynamoDB.Membership;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Hybrid.Providers.DynamoDB.Hosting;

/// <summary>Client-side registration of the DynamoDB gateway list.</summary>
public static class DynamoDBClusteringClientBuilderExtensions
{
    /// <summary>
    /// Finds gateways through the DynamoDB membership table that silos keep with
    /// <see cref="DynamoDBClusteringSiloBuilderExtensions.UseDynamoDBClustering(ISiloBuilder, Action{DynamoDBClusteringOptions})"/>
    /// (<see cref="DynamoDBGatewayListProvider"/>). Uses the client's <c>ClusterOptions</c> to pick the cluster;
    /// the client never creates the table.
    /// </summary>
    public static IClientBuilder UseDynamoDBClustering(this IClientBuilder builder, Action<DynamoDBGatewayOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseDynamoDBClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>Finds gateways through the DynamoDB membership table, configured through an options builder.</summary>
    public static IClientBuilder UseDynamoDBClustering(this IClientBuilder builder, Action<OptionsBuilder<DynamoDBGatewayOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;
        configureOptions(services.AddOptions<DynamoDBGatewayOptions>());
        services.AddSingleton<IConfigurationValidator>(sp => new DynamoDBOptionsValidator<DynamoDBGatewayOptions>(
            sp.GetRequiredService<IOptions<DynamoDBGatewayOptions>>().Value, "gateway list"));
        services.ConfigureFormatter<DynamoDBGatewayOptions>();
        services.AddSingleton<IGatewayListProvider, DynamoDBGatewayListProvider>();
        return builder;
    }
}
