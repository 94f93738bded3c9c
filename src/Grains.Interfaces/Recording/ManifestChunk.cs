namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>A verified chunk in the manifest.</summary>
/// <param name="Bytes">The size storage reported (HEAD), not what the client claimed.</param>
/// <param name="HasTranscription">True once <c>transcriptions/chunk-{seq}.json</c> holds the live words that fall in it.</param>
[GenerateSerializer, Immutable]
public sealed record ManifestChunk(
    [property: Id(0)] int Seq,
    [property: Id(1)] string Key,
    [property: Id(2)] long TStartMs,
    [property: Id(3)] long TEndMs,
    [property: Id(4)] long Bytes,
    [property: Id(5)] string ContentType,
    [property: Id(6)] string? Sha256,
    [property: Id(7)] DateTimeOffset UploadedUtc,
    [property: Id(8)] bool HasTranscription,
    [property: Id(9)] int WordCount);
