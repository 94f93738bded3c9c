using Orleans.Runtime.Placement;

namespace Hybrid.Grains.Placement;

/// <summary>
/// Picks the silo for a new session: among compatible silos with a free slot, two at random and the
/// one with more free slots (power of two choices: near-best balance without every director chasing
/// the same silo). Silos without capacity (no GPU) are never chosen while any silo has room; if none
/// has, the least-loaded one is chosen and its admission control answers <c>capacity_exhausted</c>.
/// A singleton shared by all placements on this silo, hence thread-safe.
/// </summary>
public sealed class GpuCapacityPlacementDirector(CapacityView view) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        var estimates = view.Estimate(compatible);
        var withRoom = estimates.Where(e => e.Free > 0).ToArray();
        SiloAddress chosen;
        if (withRoom.Length > 0)
        {
            // Two distinct candidates (with few silos, drawing the same one twice would waste the choice).
            var i = Random.Shared.Next(withRoom.Length);
            var j = withRoom.Length == 1 ? i : (i + 1 + Random.Shared.Next(withRoom.Length - 1)) % withRoom.Length;
            var (a, b) = (withRoom[i], withRoom[j]);
            chosen = a.Free > b.Free || (a.Free == b.Free && Random.Shared.Next(2) == 0) ? a.Silo : b.Silo;
        }
        else if (estimates.Count > 0)
        {
            chosen = estimates.MaxBy(e => e.Free).Silo;
        }
        else
        {
            chosen = compatible[Random.Shared.Next(compatible.Length)];
        }

        view.NotePlaced(chosen);
        return Task.FromResult(chosen);
    }
}
