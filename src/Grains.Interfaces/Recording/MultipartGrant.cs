namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>A multipart upload: one presigned URL per part.</summary>
[GenerateSerializer, Immutable]
public sealed record MultipartGrant(
    [property: Id(0)] string UploadId,
    [property: Id(1)] long PartSizeBytes,
    [property: Id(2)] IReadOnlyList<PartGrant> Parts);
