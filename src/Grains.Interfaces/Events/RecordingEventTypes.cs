namespace Hybrid.Grains.Interfaces.Events;

/// <summary>Values of <see cref="RecordingEvent.Type"/>.</summary>
public static class RecordingEventTypes
{
    /// <summary>A chunk was verified and entered the manifest.</summary>
    public const string ChunkUploaded = nameof(ChunkUploaded);

    /// <summary>The session was sealed.</summary>
    public const string SessionFinalized = nameof(SessionFinalized);
}
