namespace Hybrid.Bench.Failover;

/// <summary>Something a session saw or did, on the run's monotonic clock.</summary>
public sealed record TimedEvent(long At, string Kind, string Detail);
