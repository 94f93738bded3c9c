using Hybrid.Providers.DynamoDB.Persistence;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Hybrid.Providers.DynamoDB.Hosting;

/// <summary>Silo-side registration of named DynamoDB grain storage providers.</summary>
public static class DynamoDBGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="DynamoDBGrainStorage"/> under <paramref name="name"/> (the <c>storageName</c> of
    /// <c>[PersistentState(stateName, storageName)]</c>). Each name has its own options; several names may share a
    /// table, since items are keyed by grain and state name.
    /// </summary>
    public static ISiloBuilder AddDynamoDBGrainStorage(this ISiloBuilder builder, string name, Action<DynamoDBGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddDynamoDBGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds a <see cref="DynamoDBGrainStorage"/> under <paramref name="name"/>, configured through an options builder.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<DynamoDBGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;
        configureOptions(services.AddOptions<DynamoDBGrainStorageOptions>(name));

        // Fills GrainStorageSerializer from the serializer keyed by this name, else the silo default.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<DynamoDBGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<DynamoDBGrainStorageOptions>>());
        services.AddSingleton<IConfigurationValidator>(sp => new DynamoDBOptionsValidator<DynamoDBGrainStorageOptions>(
            sp.GetRequiredService<IOptionsMonitor<DynamoDBGrainStorageOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<DynamoDBGrainStorageOptions>(name);
        services.AddGrainStorage(name, static (sp, providerName) => new DynamoDBGrainStorage(
            providerName,
            sp.GetRequiredService<IOptionsMonitor<DynamoDBGrainStorageOptions>>().Get(providerName),
            sp.GetRequiredService<IOptions<ClusterOptions>>(),
            sp.GetRequiredService<IActivatorProvider>(),
            sp.GetRequiredService<ILogger<DynamoDBGrainStorage>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>Adds a <see cref="DynamoDBGrainStorage"/> as the default storage (name <c>Default</c>), used by <c>[PersistentState]</c> without a storage name.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorageAsDefault(this ISiloBuilder builder, Action<DynamoDBGrainStorageOptions> configureOptions) =>
        builder.AddDynamoDBGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a <see cref="DynamoDBGrainStorage"/> as the default storage, configured through an options builder.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<DynamoDBGrainStorageOptions>> configureOptions) =>
        builder.AddDynamoDBGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
