using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Recording;

namespace Hybrid.Grains.Live;

/// <summary>What a session keeps across activations (and silos).</summary>
[GenerateSerializer]
public sealed class SessionState
{
    [Id(0)] public string? OwnerId { get; set; }
    [Id(1)] public LiveSessionOptions? Options { get; set; }
    [Id(2)] public DateTimeOffset CreatedUtc { get; set; }
    /// <summary>The last lifecycle state (a <c>SessionStates</c> value); "streaming" after a crash means resume.</summary>
    [Id(3)] public string Status { get; set; } = "new";
    /// <summary>The next frame sequence number expected.</summary>
    [Id(4)] public long NextSeq { get; set; }
    /// <summary>Milliseconds of audio accepted (gap fill included), i.e. where the next frame starts.</summary>
    [Id(5)] public long AudioMs { get; set; }
    [Id(6)] public List<TranscriptSegment> Finals { get; set; } = [];
    [Id(7)] public int NextSegmentId { get; set; }
    /// <summary>First frame not yet covered by a final: where a resumed session must restart its audio.</summary>
    [Id(9)] public long ResumeSeq { get; set; }
    /// <summary>Audio position (ms) of <see cref="ResumeSeq"/>.</summary>
    [Id(10)] public long ResumeMs { get; set; }
    /// <summary>The storage path: chunks, manifest, links.</summary>
    [Id(8)] public RecordingState Recording { get; set; } = new();
}
