using Hybrid.Grains.Asr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hybrid.Grains;

/// <summary>Registers what the grains need on a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>ASR options (section <c>Asr</c>), the Riva client and the stream slot pool.</summary>
    public static IServiceCollection AddHybridGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AsrOptions>()
            .Bind(configuration.GetSection(AsrOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Asr:Endpoint must be an absolute http(s) URI")
            .Validate(o => o.Capacity >= 0, "Asr:Capacity must be zero or more")
            .ValidateOnStart();
        services.AddSingleton<RivaClient>();
        services.AddSingleton<AsrSlotPool>();
        return services;
    }
}
