using Orleans.Placement;

namespace Hybrid.Grains.Placement;

/// <summary>Marks a grain class for <see cref="GpuCapacityPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuCapacityPlacementAttribute() : PlacementAttribute(new GpuCapacityPlacementStrategy());
