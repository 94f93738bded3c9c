using MessagePack;

namespace Hybrid.Protocol;

/// <summary>Result of <c>StartSession</c>.</summary>
/// <param name="SessionId">The session id (new or resumed).</param>
/// <param name="SampleRate">Sample rate the server expects (16000).</param>
/// <param name="FrameMs">Recommended frame length in milliseconds (100).</param>
/// <param name="NextSeq">The first audio frame sequence number the server still needs.</param>
[MessagePackObject]
public sealed record StartSessionResponse(
    [property: Key("sessionId")] string SessionId,
    [property: Key("sampleRate")] int SampleRate,
    [property: Key("frameMs")] int FrameMs,
    [property: Key("nextSeq")] long NextSeq);
