namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>Body of <c>POST /api/audio/sessions/{id}/chunks/presign</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record ChunkPresignRequest(
    [property: Id(0)] int Seq,
    [property: Id(1)] long TStartMs,
    [property: Id(2)] long TEndMs,
    [property: Id(3)] string ContentType,
    [property: Id(4)] long SizeBytes);
