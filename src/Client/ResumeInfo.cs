namespace Hybrid.Client;

/// <summary>One completed resume of a <see cref="LiveSession"/>.</summary>
/// <param name="Reason">What asked for it (<c>error:resume_required</c>, <c>connection_closed</c>, <c>upload_failed</c>, …).</param>
/// <param name="NextSeq">The first frame the server still needed.</param>
/// <param name="Resent">Frames sent again from the ring (those after <paramref name="NextSeq"/> the client had captured).</param>
/// <param name="Lost">Frames no longer in the ring (the server fills them with silence).</param>
/// <param name="Reconnected">A new connection was made for it.</param>
/// <param name="LastSegmentId">The resume cursor sent as <c>lastSegmentId</c>.</param>
/// <param name="CalledAt">Monotonic time the resume began.</param>
/// <param name="ReturnedAt">Monotonic time <c>StartSession</c> answered.</param>
/// <param name="Failures">Failed attempts before it worked.</param>
public sealed record ResumeInfo(
    string Reason,
    long NextSeq,
    long Resent,
    long Lost,
    bool Reconnected,
    int? LastSegmentId,
    long CalledAt,
    long ReturnedAt,
    IReadOnlyList<string> Failures);
