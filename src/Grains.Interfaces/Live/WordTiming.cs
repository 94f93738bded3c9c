namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A word with times in milliseconds from the start of the session's audio.</summary>
[GenerateSerializer, Immutable]
public sealed record WordTiming(
    [property: Id(0)] string Word,
    [property: Id(1)] int StartMs,
    [property: Id(2)] int EndMs,
    [property: Id(3)] float Confidence);
