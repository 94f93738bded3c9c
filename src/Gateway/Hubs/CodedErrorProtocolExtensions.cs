using Microsoft.AspNetCore.SignalR.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>Wraps every registered hub protocol in <see cref="CodedErrorHubProtocol"/>.</summary>
public static class CodedErrorProtocolExtensions
{
    /// <summary>Call after the protocols (JSON, MessagePack) are added.</summary>
    public static IServiceCollection UseCodedHubErrors(this IServiceCollection services)
    {
        var registrations = services.Where(d => d.ServiceType == typeof(IHubProtocol)).ToArray();
        foreach (var registration in registrations)
        {
            services.Remove(registration);
            var type = registration.ImplementationType
                ?? throw new InvalidOperationException("hub protocols are expected to be registered by type");
            services.AddSingleton<IHubProtocol>(sp => new CodedErrorHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(sp, type)));
        }

        return services;
    }
}
