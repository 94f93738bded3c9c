namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>Body of <c>POST /api/audio/sessions/{id}/chunks/complete</c>.</summary>
/// <param name="Parts">For a multipart upload: each part's number and the ETag its PUT returned.</param>
[GenerateSerializer, Immutable]
public sealed record ChunkCompleteRequest(
    [property: Id(0)] int Seq,
    [property: Id(1)] string ObjectKey,
    [property: Id(2)] long Bytes,
    [property: Id(3)] string? Sha256,
    [property: Id(4)] IReadOnlyList<UploadedPart>? Parts);
