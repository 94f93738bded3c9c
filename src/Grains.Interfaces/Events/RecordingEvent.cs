namespace Hybrid.Grains.Interfaces.Events;

/// <summary>
/// A storage-path event (<see cref="RecordingEventTypes"/>). Delivered at least once: consumers
/// de-duplicate by <see cref="EventId"/>, which is stable for the same fact
/// (e.g. <c>{sessionId}/chunk/{seq}</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordingEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string UserId,
    [property: Id(3)] string SessionId,
    [property: Id(4)] DateTimeOffset OccurredUtc,
    [property: Id(5)] int? Seq,
    [property: Id(6)] string? ObjectKey,
    [property: Id(7)] long? Bytes,
    [property: Id(8)] int? ChunkCount,
    [property: Id(9)] long? DurationMs);
