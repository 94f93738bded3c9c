using System.Runtime.CompilerServices;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Placement;
using Hybrid.Grains.Recording;
using Hybrid.Protocol;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;

namespace Hybrid.Grains.Live;

/// <summary>
/// A recording session: the live path (frames in, recognition through <see cref="LiveRecognition"/>,
/// finals and events out) in this file and <c>SessionGrain.Recognition.cs</c>; the storage path
/// (chunks, manifest, transcripts) in <c>SessionGrain.Recording.cs</c>; finals and the artifacts made
/// of them in <c>SessionGrain.Finals.cs</c>. The parts with their own
/// rules are small classes: <see cref="EventFeed"/>, <see cref="ResumeCursor"/>, <see cref="Admission"/>,
/// <see cref="SegmentLog"/>, <see cref="RecordingLedger"/>, <see cref="ChunkUploads"/> and <see cref="ArtifactWriter"/>.
/// </summary>
[Immovable]
[GpuCapacityPlacement]
public sealed partial class SessionGrain : Grain, ISessionGrain, IRecognitionSink
{
    private const int BytesPerMs = 32;
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<SessionState> _state;
    private readonly RivaClient _riva;
    private readonly AsrOptions _asr;
    private readonly ILogger<SessionGrain> _logger;
    private readonly string _siloName;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly StorageOptions _storage;
    private readonly RecordingLimits _recordingLimits;
    private readonly RecordingClock _clock;
    private readonly Admission _admission;
    private readonly EventFeed _feed = new();
    private readonly ResumeCursor _cursor = new();
    private readonly ChunkUploads _uploads;
    private readonly ArtifactWriter _artifacts;
    private readonly SegmentLog _log;

    private LiveRecognition? _recognition;
    private IGrainTimer? _tick;
    private DateTime _lastAudioUtc;

    public SessionGrain(
        [PersistentState("session", "sessions")] IPersistentState<SessionState> state,
        RivaClient riva,
        AsrSlotPool slots,
        IOptions<AsrOptions> asr,
        ILocalSiloDetails silo,
        IBlobStore blobs,
        IOptions<StorageOptions> storage,
        IOptions<RecordingLimits> recordingLimits,
        RecordingClock clock,
        CapacityView capacity,
        IGrainFactory grains,
        ILogger<SessionGrain> logger)
    {
        _state = state;
        _riva = riva;
        _asr = asr.Value;
        _siloName = silo.Name;
        _storage = storage.Value;
        _recordingLimits = recordingLimits.Value;
        _clock = clock;
        _logger = logger;
        _admission = new Admission(grains, slots, capacity, logger);
        _uploads = new ChunkUploads(blobs, _storage, _recordingLimits, logger);
        _artifacts = new ArtifactWriter(blobs);
        _log = new SegmentLog(blobs);
    }

    private string SessionId => this.GetPrimaryKeyString();

    private bool Running => _recognition is not null;

    public async Task<SessionStartResult> Start(string userId, LiveSessionOptions options)
    {
        EnsureOwner(userId, allowNew: true);
        if (options.SampleRate != LiveSessionOptions.RequiredSampleRate)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"sampleRate {options.SampleRate} is not supported; send 16000 Hz PCM16 mono");
        }

        if (Running)
        {
            return new SessionStartResult(SessionId, options.SampleRate, LiveSessionOptions.FrameMs, _state.State.NextSeq, Resumed: true);
        }

        var resumed = _state.RecordExists;
        if (!resumed)
        {
            _state.State.OwnerId = userId;
            _state.State.CreatedUtc = DateTimeOffset.UtcNow;
        }

        _state.State.Options = options;
        await OpenRecognitionAsync(resumed ? "resumed" : null);
        return new SessionStartResult(SessionId, options.SampleRate, LiveSessionOptions.FrameMs, _state.State.NextSeq, resumed);
    }

    public async Task<FramesResult> PushAudio(string userId, IReadOnlyList<PcmFrame> frames)
    {
        EnsureOwner(userId, allowNew: false);
        if (!Running)
        {
            if (_state.State.Status == SessionStates.Reconnecting)
            {
                // This activation replaced one that was lost with its recognizer: the audio after the
                // last final must come again, so the client resumes instead of us guessing.
                throw new SessionException(ErrorCodes.ResumeRequired,
                    $"the session moved to another node; call StartSession with this sessionId and send from frame {_state.State.NextSeq}");
            }

            throw new SessionException(ErrorCodes.SessionEnded, "the session is not streaming; call StartSession first");
        }

        var accepted = 0;
        var duplicates = 0;
        List<SequenceGap>? gaps = null;
        foreach (var frame in frames)
        {
            if (frame.Pcm.Length % 2 != 0)
            {
                throw new SessionException(ErrorCodes.InvalidArgument, $"frame {frame.Seq} has an odd byte count; PCM16 needs whole samples");
            }

            if (frame.Seq < _state.State.NextSeq)
            {
                duplicates++;
                continue;
            }

            if (frame.Seq > _state.State.NextSeq)
            {
                var gap = new SequenceGap(_state.State.NextSeq, frame.Seq);
                (gaps ??= []).Add(gap);
                await FillGapAsync(gap, frame.Pcm.Length);
            }

            // Book the frame before sending it: a final for it can arrive while the send is awaited.
            _cursor.Book(_state.State, frame.Seq, frame.Pcm.Length / BytesPerMs);
            await _recognition!.AppendAsync(frame.Pcm);
            accepted++;
        }

        if (accepted > 0)
        {
            _lastAudioUtc = DateTime.UtcNow;
        }

        return new FramesResult(accepted, duplicates, _state.State.NextSeq, (IReadOnlyList<SequenceGap>?)gaps ?? []);
    }

    public async Task<SessionStopResult> Stop(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        if (Running)
        {
            await DrainAndCloseAsync(null, null);
        }
        else if (_state.State.Status == SessionStates.Reconnecting)
        {
            // Its recognizer was lost with a silo and the client stops instead of resuming: the session
            // ends here, with the finals it has, rather than waiting for a resume that will not come.
            _feed.Open();
            SetStatus(SessionStates.Stopped, "stopped while waiting for the client to resume");
            await PersistAsync();
            await FlushFinallyAsync();
            _feed.End();
        }
        else
        {
            _feed.Complete();
        }

        return new SessionStopResult(_state.State.NextSegmentId, _state.State.AudioMs, _feed.LastEventId, _state.State.NextSeq);
    }

    public async IAsyncEnumerable<SessionEvent> Events(string userId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureOwner(userId, allowNew: false);
        // A session waiting for its client to resume keeps the feed open for the events of the resumed stream.
        var keepOpen = Running || _state.State.Status == SessionStates.Reconnecting;
        var reader = _feed.Claim(StatusEvent(_state.State.Status, null), keepOpen);
        await foreach (var item in reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }

    public async Task<SessionSnapshot> GetSnapshot(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        var s = _state.State;
        var finals = await ReadFinalsAsync();
        return new SessionSnapshot(SessionId, s.Status, s.NextSeq, s.AudioMs, finals, s.CreatedUtc, _siloName);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MigrateLegacyFinalsAsync();
        if (_state.State.Status is SessionStates.Streaming or SessionStates.Starting or SessionStates.Reconnecting or SessionStates.Draining)
        {
            // The activation that streamed this session is gone (node loss, crash): its recognizer
            // state went with it, so roll back to the last point finals cover and wait for the client.
            _cursor.RollBack(_state.State);
            SetStatus(SessionStates.Reconnecting, null, announce: false);
            await PersistAsync();
            LogAwaitingResume(_logger, SessionId, _state.State.NextSeq);
        }

        // Events recorded with a change but not yet published (a crash in between) go out now.
        if (_state.State.Recording.Outbox.Count > 0)
        {
            await FlushOutboxAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Running)
        {
            // Persisted as reconnecting: the next call (here or on another silo) asks the client to resume.
            LogDeactivatedWhileStreaming(_logger, SessionId, reason.Description);
            _recognition!.Dispose();
            _recognition = null;
            _cursor.RollBack(_state.State);
            SetStatus(SessionStates.Reconnecting, null, announce: false);
            await _admission.ReleaseAsync(_state.State.OwnerId!, SessionId);
            await PersistAsync();
        }

        _tick?.Dispose();
        _feed.Complete();
        await FlushFinallyAsync();
    }

    /// <summary>
    /// The one place a session's status changes (a <see cref="SessionStates"/> value). Announced on the
    /// feed unless nobody can be listening (activation and deactivation).
    /// </summary>
    private void SetStatus(string status, string? detail, bool announce = true)
    {
        _state.State.Status = status;
        if (announce)
        {
            _feed.Publish(StatusEvent(status, detail));
        }
    }

    private StatusEvent StatusEvent(string status, string? detail) => new(0, status, _siloName, _asr.DisplayName, detail);

    private void EnsureOwner(string userId, bool allowNew)
    {
        // A missing session and someone else's session get the same answer, so existence doesn't leak.
        if (string.IsNullOrEmpty(userId) ||
            (_state.RecordExists && _state.State.OwnerId != userId) ||
            (!_state.RecordExists && !allowNew))
        {
            throw new SessionException(ErrorCodes.NotFound, "no such session");
        }
    }

    private async Task PersistAsync()
    {
        // The read loop and grain turns both persist; IPersistentState must not see overlapping writes.
        await _writeLock.WaitAsync();
        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
