using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// Lazily created, reusable decoders. A decoder is about 100 MB and takes ~0.3 s to load, so they are
/// created on demand up to <see cref="MaxDecoders"/> and handed from stream to stream.
/// </summary>
internal sealed partial class DecoderPool : IDisposable
{
    private readonly DecoderSettings _settings;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = [];
    // Serialises only model loading; renting an idle decoder never waits on it.
    private readonly Lock _createLock = new();
    private int _created;
    private volatile bool _disposed;

    public DecoderPool(DecoderSettings settings, int maxDecoders, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecoders, 1);
        _settings = settings;
        MaxDecoders = maxDecoders;
        _logger = logger;
    }

    public int MaxDecoders { get; }

    /// <summary>Decoders currently alive (idle or rented).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Returns an idle decoder or loads a new one.</summary>
    public PocketSphinxDecoder Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var decoder))
        {
            return decoder;
        }

        lock (_createLock)
        {
            // Another thread may have returned one while we waited for the lock.
            if (_idle.TryTake(out decoder))
            {
                return decoder;
            }

            if (_created >= MaxDecoders)
            {
                // Only reachable when MaxDecoders was set below the stream + offline limits.
                throw new DecoderPoolExhaustedException(MaxDecoders);
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            decoder = PocketSphinxDecoder.Create(_settings);
            var count = Interlocked.Increment(ref _created);
            LogDecoderCreated(count, MaxDecoders, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return decoder;
        }
    }

    /// <summary>
    /// Loads decoders ahead of demand until <paramref name="count"/> exist (each load takes seconds
    /// and holds the creation lock, so loading on the first stream's arrival would delay it).
    /// </summary>
    public void Prewarm(int count)
    {
        while (!_disposed)
        {
            PocketSphinxDecoder decoder;
            lock (_createLock)
            {
                if (_created >= Math.Min(count, MaxDecoders))
                {
                    return;
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                decoder = PocketSphinxDecoder.Create(_settings);
                var created = Interlocked.Increment(ref _created);
                LogDecoderCreated(created, MaxDecoders, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Return(decoder, healthy: true);
        }
    }

    /// <summary>Gives a decoder back; a decoder in an unknown state is freed instead.</summary>
    public void Return(PocketSphinxDecoder decoder, bool healthy)
    {
        if (healthy && !_disposed)
        {
            _idle.Add(decoder);
            // Dispose may have drained the bag between the check and the add.
            if (_disposed && _idle.TryTake(out var late))
            {
                Destroy(late);
            }

            return;
        }

        Destroy(decoder);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var decoder))
        {
            Destroy(decoder);
        }
    }

    private void Destroy(PocketSphinxDecoder decoder)
    {
        decoder.Dispose();
        Interlocked.Decrement(ref _created);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded PocketSphinx decoder {Count}/{Max} in {ElapsedMs:F0} ms")]
    private partial void LogDecoderCreated(int count, int max, double elapsedMs);
}
