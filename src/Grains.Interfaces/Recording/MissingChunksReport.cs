namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>Answer of <c>GET .../missing-chunks</c>: what should exist, what does, and fresh URLs for the rest.</summary>
[GenerateSerializer, Immutable]
public sealed record MissingChunksReport(
    [property: Id(0)] string SessionId,
    [property: Id(1)] IReadOnlyList<int> Expected,
    [property: Id(2)] IReadOnlyList<int> Stored,
    [property: Id(3)] IReadOnlyList<MissingChunk> Missing);
