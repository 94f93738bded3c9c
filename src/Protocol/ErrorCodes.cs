namespace Hybrid.Protocol;

/// <summary>
/// Stable error codes of the hub (the <c>Error</c> event's <c>code</c>, and the prefix of a
/// failed hub method's <c>HubException</c> message, e.g. <c>"not_found: ..."</c>, and of the reason
/// the server gives when it closes a connection over a message it cannot read). The one list of codes:
/// docs/protocol.md explains when each is used.
/// </summary>
public static class ErrorCodes
{
    public const string CapacityExhausted = "capacity_exhausted";
    public const string FrameTooLarge = "frame_too_large";
    public const string SequenceGap = "sequence_gap";
    public const string NotFound = "not_found";
    public const string InvalidArgument = "invalid_argument";
    public const string AsrUnavailable = "asr_unavailable";
    public const string SessionEnded = "session_ended";
    /// <summary>The session lost its node (or recognizer) state: call StartSession with its id and resend from nextSeq.</summary>
    public const string ResumeRequired = "resume_required";
    /// <summary>The token does not allow the hub method.</summary>
    public const string Unauthorized = "unauthorized";
    public const string Internal = "internal";

    // Storage path (REST): see docs/api.md for the HTTP status of each.
    public const string SessionFinalized = "session_finalized";
    public const string UploadMissing = "upload_missing";
    public const string SizeMismatch = "size_mismatch";
    public const string ContentTypeMismatch = "content_type_mismatch";
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Conflict = "conflict";
    public const string TranscriptNotReady = "transcript_not_ready";
    public const string PayloadTooLarge = "payload_too_large";
}
