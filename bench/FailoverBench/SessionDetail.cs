namespace Hybrid.Bench.Failover;

/// <summary>One session's outcome; times in ms from the kill (negative: before it).</summary>
public sealed record SessionDetail
{
    public int Index { get; init; }
    public string? SessionId { get; init; }
    public string? StartFailure { get; init; }
    public string? PlacedOn { get; init; }
    public string? FinalSilo { get; init; }
    public bool OnKilledSilo { get; init; }
    public double? FirstSignalMs { get; init; }
    public string? FirstSignalKind { get; init; }
    public double? FirstResumeRequiredMs { get; init; }
    public double? FirstReconnectingMs { get; init; }
    public double? ResumeCalledMs { get; init; }
    public double? ResumeReturnedMs { get; init; }
    public double? FirstTranscriptAfterResumeMs { get; init; }
    public double? FirstFinalAfterResumeMs { get; init; }
    public int ResumesAfterKill { get; init; }
    public int FailedResumeAttempts { get; init; }
    public List<string> ResumeFailures { get; init; } = [];
    public int Reconnects { get; init; }
    public long ResumeNextSeq { get; init; } = -1;
    public long FramesResent { get; init; }
    public long FramesSent { get; init; }
    public int FinalsReceived { get; init; }
    public int DuplicateFinalsDropped { get; init; }
    public List<int> DuplicateSegmentIds { get; init; } = [];
    public List<int> MissingSegmentIds { get; init; } = [];
    public long LostAudioMs { get; init; }
    public long DuplicatedAudioMs { get; init; }
    public long UncoveredTailMs { get; init; }
    public int ServerFinals { get; init; } = -1;
    public int ClientOnlyFinals { get; init; }
    public int ServerOnlyFinals { get; init; }
    public string? StopOutcome { get; init; }
    public double? MaxTranscriptGapAfterKillMs { get; init; }
    public List<EventLine> Events { get; init; } = [];

    /// <summary>Every final received, as <c>segmentId:firstWordStartMs-lastWordEndMs@msFromKill</c>.</summary>
    public List<string> Finals { get; init; } = [];
}
