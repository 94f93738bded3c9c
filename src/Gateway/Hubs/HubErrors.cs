using Hybrid.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Gateway.Hubs;

/// <summary>Hub failures carry the stable code first: <c>"code: message"</c>.</summary>
public static class HubErrors
{
    public static HubException Create(string code, string message) => new($"{code}: {message}");

    public static HubException From(SessionException ex) => Create(ex.Code, ex.Message);
}
