namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>One entry of the manifest's status history.</summary>
[GenerateSerializer, Immutable]
public sealed record StatusChange([property: Id(0)] string Status, [property: Id(1)] DateTimeOffset AtUtc, [property: Id(2)] string? Detail);
