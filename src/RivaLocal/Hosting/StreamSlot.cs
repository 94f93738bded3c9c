namespace Hybrid.RivaLocal.Hosting;

/// <summary>One taken streaming slot; disposing releases it exactly once.</summary>
internal sealed class StreamSlot(StreamCapacity owner) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            owner.Release();
        }
    }
}
