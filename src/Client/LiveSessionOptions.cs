namespace Hybrid.Client;

/// <summary>How a <see cref="LiveSession"/> buffers audio and resumes.</summary>
public sealed record LiveSessionOptions
{
    /// <summary>Frames kept for resending after a resume (1,200 × 100 ms = 2 minutes).</summary>
    public int RingCapacity { get; init; } = 1200;

    /// <summary>How long one resume keeps trying (reconnect + <c>StartSession</c>) before it gives up.</summary>
    public TimeSpan ResumeTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Resumes in a row without a new frame captured before the session is given up (a server that keeps refusing).</summary>
    public int MaxResumesWithoutProgress { get; init; } = 10;

    /// <summary>Frames the upload channel holds ahead of the socket (back-pressure, not buffering).</summary>
    public int SendQueue { get; init; } = 4;

    /// <summary>Called after each resume (on the sending task).</summary>
    public Action<ResumeInfo>? OnResumed { get; init; }

    /// <summary>Called when something asks for a resume: (kind, detail), e.g. ("error:resume_required", text).</summary>
    public Action<string, string>? OnResumeSignal { get; init; }

    /// <summary>Called with (seq, monotonic timestamp, resent) just before a frame goes out.</summary>
    public Action<long, long, bool>? OnSending { get; init; }
}
