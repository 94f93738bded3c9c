using Hybrid.Grains.Asr;
using Microsoft.Extensions.Options;

namespace Hybrid.Unit.Tests.Grains;

public sealed class AsrSlotPoolTests
{
    [Fact]
    public void Never_hands_out_more_slots_than_the_capacity_even_under_contention()
    {
        var pool = new AsrSlotPool(Options.Create(new AsrOptions { Capacity = 5 }));

        var leases = Enumerable.Range(0, 64).AsParallel().Select(_ => pool.TryAcquire()).ToArray();

        Assert.Equal(5, leases.Count(l => l is not null));
        Assert.Equal(5, pool.InUse);
    }

    [Fact]
    public void A_lease_returns_its_slot_once_even_if_disposed_twice()
    {
        var pool = new AsrSlotPool(Options.Create(new AsrOptions { Capacity = 1 }));
        var lease = pool.TryAcquire()!;
        Assert.Null(pool.TryAcquire());

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(0, pool.InUse);
        Assert.NotNull(pool.TryAcquire());
        Assert.Null(pool.TryAcquire());
    }
}
