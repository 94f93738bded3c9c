namespace Hybrid.Grains.Placement;

/// <summary>Place an activation on a silo whose GPU has a free speech-recognition stream slot.</summary>
[GenerateSerializer, Immutable]
public sealed class GpuCapacityPlacementStrategy : PlacementStrategy;
