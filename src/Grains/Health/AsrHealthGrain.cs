using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Health;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Hybrid.Grains.Health;

/// <summary>Answers for the silo it runs on; a stateless worker, so every silo has its own.</summary>
[StatelessWorker(1)]
public sealed class AsrHealthGrain(RivaClient riva, AsrSlotPool slots, ILocalSiloDetails silo) : Grain, IAsrHealthGrain
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private AsrHealth? _cached;
    private DateTime _cachedAt;

    public async Task<AsrHealth> Check()
    {
        if (_cached is not null && DateTime.UtcNow - _cachedAt < CacheFor)
        {
            return _cached with { InUse = slots.InUse };
        }

        var serving = await riva.IsServingAsync(CancellationToken.None);
        _cached = new AsrHealth(serving, silo.Name, slots.Capacity, slots.InUse, serving ? null : "the speech recognizer is not serving");
        _cachedAt = DateTime.UtcNow;
        return _cached;
    }
}
