using Microsoft.Extensions.Options;

namespace Hybrid.Grains.Asr;

/// <summary>
/// Counts this silo's ASR stream slots (<see cref="AsrOptions.Capacity"/>), so a full GPU says
/// "busy" at once instead of oversubscribing the recognizer.
/// </summary>
public sealed class AsrSlotPool(IOptions<AsrOptions> options)
{
    private int _inUse;

    public int Capacity { get; } = Math.Max(0, options.Value.Capacity);

    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Takes a slot, or returns null when all are taken. Dispose the lease to give it back.</summary>
    public IDisposable? TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _inUse);
            if (current >= Capacity)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _inUse, current + 1, current) == current)
            {
                return new Lease(this);
            }
        }
    }

    private void Release() => Interlocked.Decrement(ref _inUse);

    private sealed class Lease(AsrSlotPool pool) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                pool.Release();
            }
        }
    }
}
