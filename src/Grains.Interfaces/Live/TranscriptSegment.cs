namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A final transcript segment (one utterance).</summary>
[GenerateSerializer, Immutable]
public sealed record TranscriptSegment(
    [property: Id(0)] int SegmentId,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<WordTiming> Words,
    [property: Id(3)] float Confidence,
    [property: Id(4)] long AudioProcessedMs);
