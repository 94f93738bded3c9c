namespace Hybrid.Grains.Interfaces.Health;

/// <summary>A silo's ASR readiness.</summary>
[GenerateSerializer, Immutable]
public sealed record AsrHealth(
    [property: Id(0)] bool Serving,
    [property: Id(1)] string Silo,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int InUse,
    [property: Id(4)] string? Detail);
