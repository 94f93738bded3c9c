namespace Hybrid.Grains.Interfaces.Live;

/// <summary>Result of <see cref="ISessionGrain.Start"/>.</summary>
/// <param name="NextSeq">The first frame sequence number the session still needs.</param>
/// <param name="Resumed">True when an existing running session was resumed.</param>
[GenerateSerializer, Immutable]
public sealed record SessionStartResult(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int SampleRate,
    [property: Id(2)] int FrameMs,
    [property: Id(3)] long NextSeq,
    [property: Id(4)] bool Resumed);
