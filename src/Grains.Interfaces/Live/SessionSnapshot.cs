namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A read-only view of a session.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionSnapshot(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string State,
    [property: Id(2)] long NextSeq,
    [property: Id(3)] long AudioMs,
    [property: Id(4)] IReadOnlyList<TranscriptSegment> Finals,
    [property: Id(5)] DateTimeOffset CreatedUtc,
    [property: Id(6)] string Silo);
