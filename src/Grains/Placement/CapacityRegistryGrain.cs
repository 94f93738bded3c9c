using Hybrid.Grains.Interfaces.Placement;
using Orleans.Concurrency;

namespace Hybrid.Grains.Placement;

/// <summary>Holds the latest capacity report of each silo; stale ones (silo gone) age out.</summary>
[Reentrant]
public sealed class CapacityRegistryGrain : Grain, ICapacityRegistryGrain
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly Dictionary<SiloAddress, SiloCapacity> _reports = [];

    public Task Report(SiloCapacity report)
    {
        _reports[report.Silo] = report;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloCapacity>> Snapshot()
    {
        var cutoff = DateTimeOffset.UtcNow - MaxAge;
        foreach (var stale in _reports.Values.Where(r => r.ReportedUtc < cutoff).ToArray())
        {
            _reports.Remove(stale.Silo);
        }

        return Task.FromResult<IReadOnlyList<SiloCapacity>>(_reports.Values.ToArray());
    }
}
