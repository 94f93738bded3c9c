namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>The two hub protocols the gateway speaks.</summary>
public enum WireFormat
{
    Json,
    MessagePack,
}
