namespace Hybrid.Grains.Interfaces.Placement;

/// <summary>What a silo reports about its speech recognizer: stream slots in all and in use.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloCapacity(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int InUse,
    [property: Id(4)] bool Serving,
    [property: Id(5)] DateTimeOffset ReportedUtc)
{
    /// <summary>Slots a new session could take (never negative).</summary>
    public int Free => Serving ? Math.Max(0, Capacity - InUse) : 0;
}
