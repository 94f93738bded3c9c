namespace Hybrid.Bench.Failover;

/// <summary>A final as the client received it: word times are absolute (ms from the session's frame 0).</summary>
public sealed record FinalRecord(int SegmentId, string Text, int FirstWordStartMs, int LastWordEndMs, int Words, long AudioProcessedMs, long ReceivedAt, int ResumesBefore);
