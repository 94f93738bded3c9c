namespace Hybrid.RivaLocal.Hosting;

/// <summary>Counts streaming slots without locks; a slot is a disposable lease.</summary>
internal sealed class StreamCapacity(int capacity)
{
    private int _active;

    public int Capacity { get; } = capacity;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Takes a slot, or returns null when all are busy.</summary>
    public StreamSlot? TryAcquire()
    {
        while (true)
        {
            var active = Volatile.Read(ref _active);
            if (active >= Capacity)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _active, active + 1, active) == active)
            {
                return new StreamSlot(this);
            }
        }
    }

    internal void Release() => Interlocked.Decrement(ref _active);
}
