namespace Hybrid.Grains.Recording;

/// <summary>
/// The storage path's notion of "now" (chunk times, expected chunks, midnight). Its own type rather
/// than the container's <see cref="TimeProvider"/> so tests can move it without moving Orleans' timers.
/// </summary>
public sealed class RecordingClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
