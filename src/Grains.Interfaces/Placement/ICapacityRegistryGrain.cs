namespace Hybrid.Grains.Interfaces.Placement;

/// <summary>
/// The cluster's view of GPU stream capacity (key 0). Every silo reports its slots about once a
/// second; placement directors and admission control read the snapshot. Kept in memory only:
/// after a restart it refills within a report period.
/// </summary>
public interface ICapacityRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>A silo's current capacity and load.</summary>
    Task Report(SiloCapacity report);

    /// <summary>Reports younger than a few seconds, one per silo.</summary>
    Task<IReadOnlyList<SiloCapacity>> Snapshot();
}
