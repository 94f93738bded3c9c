namespace Hybrid.Bench.Failover;

/// <summary>One resume: StartSession called, returned (nextSeq), then the first transcript and final after it.</summary>
public sealed class ResumeRecord
{
    public long CalledAt { get; set; }
    public long ReturnedAt { get; set; }
    public long NextSeq { get; set; } = -1;
    public long HighestSeqSentBefore { get; set; } = -1;
    public long FirstTranscriptAt { get; set; }
    public long FirstFinalAt { get; set; }
    public int Reconnects { get; set; }
    public List<string> Failures { get; } = [];
}
