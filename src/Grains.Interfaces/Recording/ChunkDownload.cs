namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>A short-lived URL to read one stored chunk (playback, download).</summary>
[GenerateSerializer, Immutable]
public sealed record ChunkDownload(
    [property: Id(0)] int Seq,
    [property: Id(1)] string Url,
    [property: Id(2)] string ContentType,
    [property: Id(3)] int ExpiresInSeconds);
