using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Recording;

/// <summary>The storage path's part of a session's persisted state.</summary>
[GenerateSerializer]
public sealed class RecordingState
{
    [Id(0)] public RecordingOptions? Options { get; set; }
    [Id(1)] public DateTimeOffset CreatedUtc { get; set; }
    [Id(2)] public DateTimeOffset? FinalizedUtc { get; set; }
    /// <summary>Upload URLs issued, by sequence number (what each chunk is allowed to be).</summary>
    [Id(3)] public Dictionary<int, IssuedChunk> Issued { get; set; } = [];
    /// <summary>Verified chunks, by sequence number: the manifest's chunk list.</summary>
    [Id(4)] public Dictionary<int, ManifestChunk> Chunks { get; set; } = [];
    [Id(5)] public List<StatusChange> History { get; set; } = [];
    /// <summary>Transcripts linked from elsewhere (<c>POST /api/transcription/link</c>), by chunk.</summary>
    [Id(6)] public Dictionary<int, LinkedTranscript> Linked { get; set; } = [];
    /// <summary>Events recorded with the change that caused them and not yet handed to the stream.</summary>
    [Id(7)] public List<Hybrid.Grains.Interfaces.Events.RecordingEvent> Outbox { get; set; } = [];
}
