namespace Hybrid.Cli.Client;

/// <summary>The SignalR hub protocol a connection speaks.</summary>
public enum HubProtocolKind
{
    Json,
    MessagePack,
}
