using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Gateway.Hubs;

/// <summary>Serves every registered hub protocol through <see cref="CodedErrorHubProtocol"/>.</summary>
public static class CodedErrorProtocolExtensions
{
    /// <summary>Call after the protocols (JSON, MessagePack) are added.</summary>
    public static IServiceCollection UseCodedHubErrors(this IServiceCollection services)
    {
        foreach (var registration in services.Where(d => d.ServiceType == typeof(IHubProtocolResolver)).ToArray())
        {
            services.Remove(registration);
        }

        services.AddSingleton<IHubProtocolResolver, CodedProtocolResolver>();
        return services;
    }
}
