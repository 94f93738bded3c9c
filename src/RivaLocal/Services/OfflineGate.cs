namespace Hybrid.RivaLocal.Services;

/// <summary>Bounds concurrent <c>Recognize</c> decodes (CPU-bound) to <c>MaxOfflineConcurrency</c>.</summary>
internal sealed class OfflineGate(int maxConcurrency) : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(maxConcurrency, maxConcurrency);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Turn(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
