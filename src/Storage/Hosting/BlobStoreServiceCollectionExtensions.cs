using Amazon.S3;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Local;
using Hybrid.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Hosting;

/// <summary>Registers the configured <see cref="IBlobStore"/>.</summary>
public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from <c>Storage</c> (validated at start) and registers the
    /// store selected by <c>Storage:Provider</c>: <see cref="LocalBlobStore"/> (default), or
    /// <see cref="S3BlobStore"/> with an <see cref="IAmazonS3"/> client whose checksum modes are
    /// "when required". Relative paths default under <c>Hybrid:DataDirectory</c> (default <c>data</c>).
    /// </summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(StorageOptions.SectionName);
        var dataDirectory = configuration["Hybrid:DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = "data";
        }

        services.AddOptions<StorageOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // Full paths once, so the silo and the gateway agree whatever their working directory does later.
                options.LocalRoot = Path.GetFullPath(string.IsNullOrWhiteSpace(options.LocalRoot)
                    ? Path.Combine(dataDirectory, "blobs")
                    : options.LocalRoot);
                options.SigningKeyPath = Path.GetFullPath(string.IsNullOrWhiteSpace(options.SigningKeyPath)
                    ? Path.Combine(dataDirectory, "storage", "url-signing.key")
                    : options.SigningKeyPath);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The provider decides which services exist, so it is read now rather than at first use.
        if (ReadProvider(section) == BlobStoreProvider.S3)
        {
            services.TryAddSingleton(sp => S3ClientFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
            services.TryAddSingleton<S3BlobStore>();
            services.TryAddSingleton<IBlobStore>(sp => sp.GetRequiredService<S3BlobStore>());
        }
        else
        {
            services.TryAddSingleton<LocalBlobStore>();
            services.TryAddSingleton<IBlobStore>(sp => sp.GetRequiredService<LocalBlobStore>());
        }

        return services;
    }

    private static BlobStoreProvider ReadProvider(IConfigurationSection section)
    {
        var value = section[nameof(StorageOptions.Provider)];
        if (string.IsNullOrWhiteSpace(value))
        {
            return BlobStoreProvider.Local;
        }

        // Names only: Enum.TryParse would also accept "1" or "7".
        foreach (var provider in Enum.GetValues<BlobStoreProvider>())
        {
            if (string.Equals(provider.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        throw new InvalidOperationException($"Storage:Provider must be Local or S3, not '{value}'");
    }
}
