using System.Diagnostics;

namespace Hybrid.Client;

/// <summary>
/// Paces frames in real time against a monotonic clock: frame <c>i</c> is due at
/// <c>start + i × frameMs</c>, so a late wake-up shortens the next wait instead of pushing every
/// later frame back (chained <c>Task.Delay(100)</c> calls drift by the timer slack each time).
/// </summary>
public sealed class FramePacer
{
    private readonly double _frameMs;
    private long _start;

    public FramePacer(double frameMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameMs);
        _frameMs = frameMs;
    }

    /// <summary>Starts the clock; frame 0 is due now.</summary>
    public void Start() => _start = Stopwatch.GetTimestamp();

    /// <summary>When frame <paramref name="index"/> is due, relative to <see cref="Start"/>.</summary>
    public TimeSpan DueAt(long index) => TimeSpan.FromMilliseconds(index * _frameMs);

    /// <summary>Waits until frame <paramref name="index"/> is due (returns at once when it is already late).</summary>
    public async ValueTask WaitForAsync(long index, CancellationToken cancellationToken)
    {
        var wait = DueAt(index) - Stopwatch.GetElapsedTime(_start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
