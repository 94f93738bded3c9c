namespace Hybrid.Client;

/// <summary>The SignalR hub protocol a connection speaks.</summary>
public enum HubProtocolKind
{
    /// <summary>JSON text frames (PCM as base64).</summary>
    Json,

    /// <summary>MessagePack binary frames (PCM as binary), what the browser app uses.</summary>
    MessagePack,
}
