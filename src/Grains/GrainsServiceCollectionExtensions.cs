using Hybrid.Grains.Asr;
using Hybrid.Grains.Events;
using Hybrid.Grains.Recording;
using Hybrid.Grains.Users;
using Hybrid.Storage.Hosting;
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
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AsrOptions>, AsrOptionsValidator>();
        services.AddOptions<RecordingLimits>().Bind(configuration.GetSection(RecordingLimits.SectionName));
        services.AddOptions<UserQuotas>().Bind(configuration.GetSection(UserQuotas.SectionName));
        services.AddBlobStore(configuration);
        services.AddSingleton<IRecordingEventSink, LoggingRecordingEventSink>();
        services.AddSingleton(new RecordingClock(TimeProvider.System));
        services.AddSingleton<RivaClient>();
        services.AddSingleton<AsrSlotPool>();
        return services;
    }
}
