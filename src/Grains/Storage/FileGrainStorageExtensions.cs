using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Hybrid.Grains.Storage;

/// <summary>Registers <see cref="FileGrainStorage"/>.</summary>
public static class FileGrainStorageExtensions
{
    /// <summary>Adds a named file grain storage rooted at <paramref name="rootDirectory"/>.</summary>
    public static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, string rootDirectory) =>
        services.AddGrainStorage(name, (sp, storageName) => new FileGrainStorage(
            storageName,
            new FileGrainStorageOptions { RootDirectory = rootDirectory },
            sp.GetRequiredService<IGrainStorageSerializer>()));
}
