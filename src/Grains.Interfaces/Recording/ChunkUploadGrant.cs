namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>
/// Where and how to upload one chunk. For a single upload: <c>PUT</c> the bytes to <see cref="PutUrl"/>
/// with exactly <see cref="Headers"/>. For a large chunk <see cref="Multipart"/> is set instead and
/// each part goes to its own URL; complete with the parts' ETags.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChunkUploadGrant(
    [property: Id(0)] int Seq,
    [property: Id(1)] string ObjectKey,
    [property: Id(2)] string? PutUrl,
    [property: Id(3)] IReadOnlyDictionary<string, string> Headers,
    [property: Id(4)] int ExpiresInSeconds,
    [property: Id(5)] MultipartGrant? Multipart);
