namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A session state change (see <c>Hybrid.Protocol.SessionStates</c> for the values).</summary>
[GenerateSerializer, Immutable]
public sealed record StatusEvent(
    long Id,
    [property: Id(0)] string State,
    [property: Id(1)] string Silo,
    [property: Id(2)] string AsrEndpoint,
    [property: Id(3)] string? Detail) : SessionEvent(Id);
