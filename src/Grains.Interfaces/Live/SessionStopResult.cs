namespace Hybrid.Grains.Interfaces.Live;

/// <summary>Result of <see cref="ISessionGrain.Stop"/>.</summary>
/// <param name="Finals">Final segments the session produced in all.</param>
/// <param name="AudioMs">Milliseconds of audio received.</param>
/// <param name="LastEventId">Id of the last event published (the <c>stopped</c> status).</param>
/// <param name="NextSeq">The next frame sequence number expected.</param>
[GenerateSerializer, Immutable]
public sealed record SessionStopResult(
    [property: Id(0)] int Finals,
    [property: Id(1)] long AudioMs,
    [property: Id(2)] long LastEventId,
    [property: Id(3)] long NextSeq);
