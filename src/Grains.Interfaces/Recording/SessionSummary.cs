namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>One row of <c>GET /api/audio/sessions</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionSummary(
    [property: Id(0)] string SessionId,
    [property: Id(1)] DateTimeOffset CreatedUtc,
    [property: Id(2)] string Status,
    [property: Id(3)] int Chunks,
    [property: Id(4)] long DurationMs,
    [property: Id(5)] long TotalBytes);
