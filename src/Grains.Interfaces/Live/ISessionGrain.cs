using Hybrid.Protocol;

using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Interfaces.Live;

/// <summary>
/// One recording session (key: session id). It owns the session's ASR stream, the audio frame
/// sequence, the transcript segments and the lifecycle. Every call names the calling user: the grain
/// records its owner on first start and answers any other user exactly as if the session did not
/// exist (<see cref="ErrorCodes.NotFound"/>), so existence does not leak.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session, or resumes it if it is already running for this owner.</summary>
    /// <exception cref="SessionException">capacity_exhausted, invalid_argument, not_found, asr_unavailable.</exception>
    Task<SessionStartResult> Start(string userId, LiveSessionOptions options);

    /// <summary>
    /// Accepts a batch of audio frames in sequence order. Duplicates are ignored; a gap is reported
    /// (and filled with silence so word times stay aligned with the recording).
    /// </summary>
    [ResponseTimeout("00:00:10")] // a frame is fast; a call stuck on a lost silo must fail soon so the client can resume
    Task<FramesResult> PushAudio(string userId, IReadOnlyList<PcmFrame> frames);

    /// <summary>
    /// Ends the audio, waits until the recognizer has returned every final for the audio sent, then
    /// stops. Completes the event feed after the last final and the <c>stopped</c> status.
    /// </summary>
    [ResponseTimeout("00:02:00")] // waits for the recognizer's last finals (Asr:DrainTimeout), longer than a normal call
    Task<SessionStopResult> Stop(string userId);

    /// <summary>
    /// The session's events (transcripts, status changes, errors) for one consumer, starting with the
    /// current status. A newer subscription ends the previous one. Ends after the session stops.
    /// </summary>
    IAsyncEnumerable<SessionEvent> Events(string userId, CancellationToken cancellationToken = default);

    /// <summary>A read-only view of the session for operators and resuming clients.</summary>
    Task<SessionSnapshot> GetSnapshot(string userId);

    // ---- Storage path (see docs/api.md): the same session, the same id. ----

    /// <summary>Creates the session's recording (idempotent for its owner).</summary>
    Task<RecordingInfo> CreateRecording(string userId, RecordingOptions options);

    /// <summary>Issues an upload URL for a chunk; refused with 409 once the session is finalized.</summary>
    Task<ChunkUploadGrant> PresignChunk(string userId, ChunkPresignRequest request);

    /// <summary>
    /// Verifies the uploaded object (exists, size, type, this session's key) and enters it in the
    /// manifest. Idempotent: completing the same chunk again returns the same entry.
    /// </summary>
    Task<ManifestChunk> CompleteChunk(string userId, ChunkCompleteRequest request);

    /// <summary>Seals the recording: later presigns and completes are refused.</summary>
    Task<SessionManifest> Finalize(string userId);

    /// <summary>The manifest as stored in <c>manifest.json</c>.</summary>
    Task<SessionManifest> GetManifest(string userId);

    /// <summary>Expected versus verified chunks, with fresh upload URLs for the missing ones.</summary>
    Task<MissingChunksReport> GetMissingChunks(string userId);

    /// <summary>A short-lived URL to read a stored chunk.</summary>
    Task<ChunkDownload> GetChunkDownload(string userId, int seq);

    /// <summary>Deletes one chunk (object, transcript link and manifest entry).</summary>
    Task DeleteChunk(string userId, int seq);

    /// <summary>Stops the session and deletes every object and the state of the session.</summary>
    Task Delete(string userId);

    /// <summary>Links transcript text produced elsewhere to a chunk.</summary>
    Task<ManifestChunk> LinkTranscript(string userId, TranscriptLinkRequest request);
}
