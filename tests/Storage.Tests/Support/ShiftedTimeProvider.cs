namespace Hybrid.Storage.Tests.Support;

/// <summary>The system clock moved by a fixed offset: signs URLs "in the past" without waiting.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
