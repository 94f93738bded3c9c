namespace Hybrid.Grains.Asr;

/// <summary>
/// Delays between attempts to reopen a broken ASR stream: exponential from a first delay up to a cap,
/// with "equal jitter" (each delay is drawn from the upper half of its step), so that the sessions
/// of a silo that all lost the same recognizer do not all knock on it in the same instant.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _cap;
    private readonly Random _random;
    private TimeSpan _step;

    /// <param name="first">The first step (before jitter).</param>
    /// <param name="cap">The largest step; steps double until they reach it.</param>
    /// <param name="random">Source of the jitter; <see cref="Random.Shared"/> when null.</param>
    public ReconnectBackoff(TimeSpan first, TimeSpan cap, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, first);
        _first = first;
        _cap = cap;
        _random = random ?? Random.Shared;
        _step = first;
    }

    /// <summary>The delay before the next attempt: in [step/2, step], where step doubles per call up to the cap.</summary>
    public TimeSpan Next()
    {
        var step = _step;
        _step = TimeSpan.FromTicks(Math.Min(_cap.Ticks, _step.Ticks * 2));
        var half = step.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (step.Ticks - half)));
    }

    /// <summary>Starts again from the first step (after a recovery).</summary>
    public void Reset() => _step = _first;
}
