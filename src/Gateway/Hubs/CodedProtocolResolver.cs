using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Gives every connection its own <see cref="CodedErrorHubProtocol"/> over the registered protocols.
/// Per connection because SignalR builds the reason of a close itself ("Connection closed with an
/// error.", whatever the exception said); the connection's protocol instance remembers why it could
/// not read a message and puts that coded reason into the close it writes next.
/// </summary>
public sealed class CodedProtocolResolver(IEnumerable<IHubProtocol> protocols, IOptions<HubOptions> hubOptions) : IHubProtocolResolver
{
    private readonly IHubProtocol[] _protocols = protocols.Select(p => p is CodedErrorHubProtocol coded ? coded.Inner : p).ToArray();

    public IReadOnlyList<IHubProtocol> AllProtocols => _protocols.Select(Wrap).ToArray();

    public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols)
    {
        if (supportedProtocols is not null && !supportedProtocols.Contains(protocolName, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var inner = Array.Find(_protocols, p => string.Equals(p.Name, protocolName, StringComparison.OrdinalIgnoreCase));
        return inner is null ? null : Wrap(inner);
    }

    private CodedErrorHubProtocol Wrap(IHubProtocol inner) => new(inner, hubOptions.Value.MaximumReceiveMessageSize);
}
