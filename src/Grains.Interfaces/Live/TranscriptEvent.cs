namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A partial (replaces the previous partial of its segment) or a final (closes it).</summary>
[GenerateSerializer, Immutable]
public sealed record TranscriptEvent(
    long Id,
    [property: Id(0)] int SegmentId,
    [property: Id(1)] bool IsFinal,
    [property: Id(2)] string Text,
    [property: Id(3)] float Stability,
    [property: Id(4)] IReadOnlyList<WordTiming> Words,
    [property: Id(5)] long AudioProcessedMs) : SessionEvent(Id);
