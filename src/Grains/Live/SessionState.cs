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
    /// <summary>
    /// Finals as an earlier version kept them (every word in the state). Empty now: finals live in the
    /// segment log, and a state that still has them moves them there on activation.
    /// </summary>
    [Id(6)] public List<TranscriptSegment> Finals { get; set; } = [];
    /// <summary>Finals stored so far, which is also the id of the next one.</summary>
    [Id(7)] public int NextSegmentId { get; set; }
    /// <summary>The segment log's index: the audio end (ms) of the last final of each page.</summary>
    [Id(11)] public List<long> PageEndMs { get; set; } = [];
    /// <summary>First frame not yet covered by a final: where a resumed session must restart its audio.</summary>
    [Id(9)] public long ResumeSeq { get; set; }
    /// <summary>Audio position (ms) of <see cref="ResumeSeq"/>.</summary>
    [Id(10)] public long ResumeMs { get; set; }
    /// <summary>The storage path: chunks, manifest, links.</summary>
    [Id(8)] public RecordingState Recording { get; set; } = new();
}
