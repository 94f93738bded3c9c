namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>
/// <c>manifest.json</c>: the manifest clients already read (sessionId, userId, codec, sampleRate, chunks, final,
/// createdAt, updatedAt, totalBytes, durationMs), extended with content types, sha256, the status
/// history and the transcription status per pass. Only the session grain writes it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SessionManifest(
    [property: Id(0)] int Version,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string UserId,
    [property: Id(3)] string Codec,
    [property: Id(4)] int SampleRate,
    [property: Id(5)] int ChunkSeconds,
    [property: Id(6)] string Status,
    [property: Id(7)] bool Final,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] DateTimeOffset? FinalizedAt,
    [property: Id(11)] long TotalBytes,
    [property: Id(12)] long DurationMs,
    [property: Id(13)] IReadOnlyList<ManifestChunk> Chunks,
    [property: Id(14)] IReadOnlyList<StatusChange> StatusHistory,
    [property: Id(15)] IReadOnlyDictionary<string, string> Transcription);
