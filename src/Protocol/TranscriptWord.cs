using MessagePack;

namespace Hybrid.Protocol;

/// <summary>A recognised word with times in milliseconds from the start of the session's audio.</summary>
[MessagePackObject]
public sealed record TranscriptWord(
    [property: Key("word")] string Word,
    [property: Key("startMs")] int StartMs,
    [property: Key("endMs")] int EndMs,
    [property: Key("confidence")] float Confidence);
