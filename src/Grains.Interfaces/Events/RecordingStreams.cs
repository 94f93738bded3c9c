namespace Hybrid.Grains.Interfaces.Events;

/// <summary>Names of the Orleans stream that carries <see cref="RecordingEvent"/>s.</summary>
public static class RecordingStreams
{
    /// <summary>Stream provider name.</summary>
    public const string Provider = "recording-events";

    /// <summary>Stream namespace; the stream key is the user id.</summary>
    public const string Namespace = "recording";
}
