namespace Hybrid.Cli.Client;

/// <summary>Where and how to connect: gateway base URL, identity and hub protocol.</summary>
public sealed record HubClientOptions(Uri BaseUrl, HubProtocolKind Protocol)
{
    /// <summary>The hub endpoint under the base URL (keeps any path prefix of a reverse proxy).</summary>
    public Uri HubUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + Hybrid.Protocol.HubNames.Route);
}
