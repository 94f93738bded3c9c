using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Placement;
using Orleans.Runtime;

namespace Hybrid.Grains.Placement;

/// <summary>
/// This silo's cached picture of every silo's free stream slots: the registry snapshot (refreshed
/// about once a second), the local silo's own live count, and the placements this silo made since
/// the last refresh (so a burst of sessions does not all land on the same "emptiest" silo).
/// </summary>
public sealed class CapacityView(AsrSlotPool localSlots, ILocalSiloDetails local)
{
    private static readonly TimeSpan PendingFor = TimeSpan.FromSeconds(3);
    private readonly Lock _gate = new();
    private readonly List<(SiloAddress Silo, DateTimeOffset At)> _pending = [];
    private IReadOnlyList<SiloCapacity> _snapshot = [];

    /// <summary>The local silo's current report.</summary>
    public SiloCapacity LocalReport(bool serving) =>
        new(local.SiloAddress, local.Name, localSlots.Capacity, localSlots.InUse, serving, DateTimeOffset.UtcNow);

    public void Update(IReadOnlyList<SiloCapacity> snapshot)
    {
        lock (_gate)
        {
            _snapshot = snapshot;
            _pending.RemoveAll(p => DateTimeOffset.UtcNow - p.At > PendingFor);
        }
    }

    public void NotePlaced(SiloAddress silo)
    {
        lock (_gate)
        {
            _pending.Add((silo, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>Estimated free slots of each known silo among <paramref name="candidates"/>.</summary>
    public IReadOnlyList<(SiloAddress Silo, int Free)> Estimate(IReadOnlyCollection<SiloAddress> candidates)
    {
        lock (_gate)
        {
            var known = _snapshot.ToDictionary(r => r.Silo);
            known[local.SiloAddress] = new SiloCapacity(local.SiloAddress, local.Name, localSlots.Capacity, localSlots.InUse,
                known.TryGetValue(local.SiloAddress, out var reported) ? reported.Serving : true, DateTimeOffset.UtcNow);
            return candidates
                .Where(known.ContainsKey)
                .Select(s => (s, known[s].Free - _pending.Count(p => p.Silo.Equals(s) && p.At > known[s].ReportedUtc)))
                .ToArray();
        }
    }

    /// <summary>Capacity and free slots of the whole cluster (for admission messages).</summary>
    public (int Capacity, int Free) Totals()
    {
        lock (_gate)
        {
            return (_snapshot.Sum(r => r.Capacity), _snapshot.Sum(r => r.Free));
        }
    }
}
