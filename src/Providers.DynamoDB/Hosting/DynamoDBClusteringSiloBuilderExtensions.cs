using Hybrid.Providers.DynamoDB.Membership;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Hybrid.Providers.DynamoDB.Hosting;

/// <summary>Silo-side registration of the DynamoDB membership table.</summary>
public static class DynamoDBClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Uses DynamoDB as the silo's membership table (<see cref="DynamoDBMembershipTable"/>): one item per
    /// <c>ServiceId/ClusterId</c> in table <c>{TablePrefix}{TableName}</c>, created on first start unless
    /// <see cref="DynamoDBTableOptions.CreateIfNotExists"/> is false.
    /// </summary>
    public static ISiloBuilder UseDynamoDBClustering(this ISiloBuilder builder, Action<DynamoDBClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseDynamoDBClustering(ob => ob.Configure(configureOptions));
    }

    /// <summary>
    /// Uses DynamoDB as the silo's membership table, configured through an options builder
    /// (e.g. <c>ob =&gt; ob.BindConfiguration("DynamoDB")</c>).
    /// </summary>
    public static ISiloBuilder UseDynamoDBClustering(this ISiloBuilder builder, Action<OptionsBuilder<DynamoDBClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;
        configureOptions(services.AddOptions<DynamoDBClusteringOptions>());
        services.AddSingleton<IConfigurationValidator>(sp => new DynamoDBOptionsValidator<DynamoDBClusteringOptions>(
            sp.GetRequiredService<IOptions<DynamoDBClusteringOptions>>().Value, "membership"));
        services.ConfigureFormatter<DynamoDBClusteringOptions>();
        services.AddSingleton<IMembershipTable, DynamoDBMembershipTable>();
        return builder;
    }
}
