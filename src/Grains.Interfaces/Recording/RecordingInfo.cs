namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>Answer of <c>POST /api/audio/sessions</c>.</summary>
/// <param name="UploadPrefix">Where the session's chunks go (informational: keys are always built by the server).</param>
/// <param name="MaxChunkBytes">Largest chunk accepted.</param>
/// <param name="MultipartThresholdBytes">Chunks larger than this get presigned multipart part URLs.</param>
[GenerateSerializer, Immutable]
public sealed record RecordingInfo(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string UploadPrefix,
    [property: Id(2)] RecordingOptions Options,
    [property: Id(3)] DateTimeOffset CreatedUtc,
    [property: Id(4)] long MaxChunkBytes,
    [property: Id(5)] long MultipartThresholdBytes);
