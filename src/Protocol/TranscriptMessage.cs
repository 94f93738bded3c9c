using MessagePack;

namespace Hybrid.Protocol;

/// <summary>
/// The <c>Transcript</c> event. A partial replaces the previous partial of its segment;
/// a final closes the segment.
/// </summary>
[MessagePackObject]
public sealed record TranscriptMessage(
    [property: Key("sessionId")] string SessionId,
    [property: Key("segmentId")] int SegmentId,
    [property: Key("isFinal")] bool IsFinal,
    [property: Key("text")] string Text,
    [property: Key("stability")] float Stability,
    [property: Key("words")] IReadOnlyList<TranscriptWord> Words,
    [property: Key("audioProcessedMs")] long AudioProcessedMs);
