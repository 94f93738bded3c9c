namespace Hybrid.Grains.Recording;

/// <summary>What an upload URL was issued for: the complete must match it.</summary>
[GenerateSerializer]
public sealed record IssuedChunk(
    [property: Id(0)] int Seq,
    [property: Id(1)] string Key,
    [property: Id(2)] long TStartMs,
    [property: Id(3)] long TEndMs,
    [property: Id(4)] string ContentType,
    [property: Id(5)] long SizeBytes,
    [property: Id(6)] string? UploadId,
    [property: Id(7)] DateTimeOffset IssuedUtc);
