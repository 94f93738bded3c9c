namespace Hybrid.Client;

/// <summary>Where and how to connect: gateway base URL, hub protocol and a bearer token source.</summary>
/// <param name="BaseUrl">The gateway's base URL (a path prefix of a reverse proxy is kept).</param>
/// <param name="Protocol">JSON or MessagePack.</param>
/// <param name="TokenFactory">Returns a bearer token; called for every (re)connect so a fresh one can be used.</param>
public sealed record HubClientOptions(Uri BaseUrl, HubProtocolKind Protocol, Func<CancellationToken, Task<string>> TokenFactory)
{
    /// <summary>A fixed token.</summary>
    public HubClientOptions(Uri baseUrl, HubProtocolKind protocol, string token)
        : this(baseUrl, protocol, _ => Task.FromResult(token))
    {
    }

    /// <summary>The hub endpoint under the base URL (keeps any path prefix of a reverse proxy).</summary>
    public Uri HubUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + Hybrid.Protocol.HubNames.Route);

    /// <summary>
    /// Use WebSockets only (what browsers use); false lets SignalR negotiate any transport, e.g. for
    /// an in-memory test server.
    /// </summary>
    public bool WebSocketsOnly { get; init; } = true;

    /// <summary>Gives up on a hub call that has not answered after this long (StopSession excluded: it waits for the last final).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(45);
}
