using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Grains.Placement;
using Hybrid.Grains.Recording;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;

namespace Hybrid.Grains.Live;

/// <summary>
/// A recording session. Owns the ASR stream (through <see cref="LiveRecognition"/>), the frame
/// sequence, the transcript segments and the event feed of the gateway that holds the browser.
/// </summary>
[Immovable]
[GpuCapacityPlacement]
public sealed partial class SessionGrain : Grain, ISessionGrain, IRecognitionSink
{
    private const int BytesPerMs = 32;
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<SessionState> _state;
    private readonly RivaClient _riva;
    private readonly AsrSlotPool _slots;
    private readonly AsrOptions _asr;
    private readonly ILogger<SessionGrain> _logger;
    private readonly string _siloName;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _artifactLock = new(1, 1);
    private readonly IBlobStore _blobs;
    private readonly StorageOptions _storage;
    private readonly RecordingLimits _recordingLimits;
    private readonly RecordingClock _clock;
    private readonly CapacityView _capacity;

    private LiveRecognition? _recognition;
    private IDisposable? _slot;
    private IGrainTimer? _tick;
    private Channel<SessionEvent>? _feed;
    private bool _feedClaimed;
    private long _lastEventId;
    // Frames received since the resume point, oldest first: (seq, start ms, length ms).
    private readonly Queue<(long Seq, long StartMs, long LengthMs)> _uncovered = new();
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
        ILogger<SessionGrain> logger)
    {
        _capacity = capacity;
        _clock = clock;
        _blobs = blobs;
        _storage = storage.Value;
        _recordingLimits = recordingLimits.Value;
        _state = state;
        _riva = riva;
        _slots = slots;
        _asr = asr.Value;
        _siloName = silo.Name;
        _logger = logger;
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
            if (_state.State.Status == "reconnecting")
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
            _uncovered.Enqueue((frame.Seq, _state.State.AudioMs, frame.Pcm.Length / BytesPerMs));
            _state.State.AudioMs += frame.Pcm.Length / BytesPerMs;
            _state.State.NextSeq = frame.Seq + 1;
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
            Publish(new StatusEvent(0, "draining", _siloName, _asr.DisplayName, null));
            var drained = await _recognition!.CompleteAsync();
            if (!drained)
            {
                LogDrainTimeout(_logger, SessionId, _asr.DrainTimeout);
                Publish(new ErrorEvent(0, ErrorCodes.AsrUnavailable, "the speech recognizer did not return the last results in time"));
            }

            if (Running)
            {
                await CloseRecognitionAsync("stopped", detail: null);
            }
        }
        else if (_feed is not null)
        {
            _feed.Writer.TryComplete();
        }

        return new SessionStopResult(_state.State.Finals.Count, _state.State.AudioMs, _lastEventId, _state.State.NextSeq);
    }

    public async IAsyncEnumerable<SessionEvent> Events(string userId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureOwner(userId, allowNew: false);
        var reader = ClaimFeed();
        await foreach (var item in reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }

    public Task<SessionSnapshot> GetSnapshot(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        var s = _state.State;
        return Task.FromResult(new SessionSnapshot(SessionId, s.Status, s.NextSeq, s.AudioMs, s.Finals.ToArray(), s.CreatedUtc, _siloName));
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Status is "streaming" or "starting" or "reconnecting" or "draining")
        {
            // The activation that streamed this session is gone (node loss, crash): its recognizer
            // state went with it, so roll back to the last point finals cover and wait for the client.
            RollBackToResumePoint();
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
            // Keep the persisted status as it is ("streaming"): the next frame resumes the session elsewhere.
            LogDeactivatedWhileStreaming(_logger, SessionId, reason.Description);
            _recognition!.Dispose();
            _recognition = null;
            RollBackToResumePoint();
            await ReleaseSlotAsync();
            await PersistAsync();
        }

        _tick?.Dispose();
        _feed?.Writer.TryComplete();
    }

    async Task IRecognitionSink.OnResultAsync(AsrResult result)
    {
        if (_recognition is null)
        {
            return; // the session ended (failed) while this result was on its way
        }

        try
        {
            await HandleResultAsync(result);
        }
        catch (Exception ex)
        {
            // Never let a failure end the read loop silently: a wedged session would hold its slot forever.
            LogResultFailed(_logger, SessionId, ex.GetType().Name, ex.Message);
            await FailAsync(ErrorCodes.Internal, "the session's results could not be stored; what was received before is kept");
        }
    }

    private async Task HandleResultAsync(AsrResult result)
    {
        var s = _state.State;
        if (!result.IsFinal)
        {
            Publish(new TranscriptEvent(0, s.NextSegmentId, false, result.Text, result.Stability, result.Words, result.AudioProcessedMs));
            return;
        }

        if (result.Text.Length == 0 && result.Words.Count == 0)
        {
            return;
        }

        var segment = new TranscriptSegment(s.NextSegmentId, result.Text, result.Words, result.Confidence, result.AudioProcessedMs);
        s.Finals.Add(segment);
        AdvanceResumePoint(result.AudioProcessedMs);
        s.NextSegmentId++;
        // Saved before it is sent: a final a client saw always survives a crash (a resuming client can
        // ask for the finals it missed, see StartSessionRequest.LastSegmentId).
        await TransientRetry.RunAsync(PersistAsync, _logger, SessionId, "saving a final");
        Publish(new TranscriptEvent(0, segment.SegmentId, true, result.Text, 1f, result.Words, result.AudioProcessedMs));
        await TransientRetry.RunAsync(() => OnFinalForRecordingAsync(segment), _logger, SessionId, "writing the transcripts");
    }

    void IRecognitionSink.OnReconnecting(string detail)
    {
        _state.State.Status = "reconnecting";
        Publish(new StatusEvent(0, "reconnecting", _siloName, _asr.DisplayName, "the speech recognizer stream is being reopened"));
    }

    void IRecognitionSink.OnReconnected()
    {
        _state.State.Status = "streaming";
        Publish(new StatusEvent(0, "streaming", _siloName, _asr.DisplayName, "reconnected"));
    }

    async Task IRecognitionSink.OnFailedAsync(SessionException error)
    {
        LogAsrFailed(_logger, SessionId, error.Code, error.Message);
        await FailAsync(error.Code, error.Message);
    }

    /// <summary>
    /// Ends the session as failed: a coded error, the slot released, the state kept, the feed ended.
    /// May be called from the read loop, so the recognition is disposed in a later turn.
    /// </summary>
    private async Task FailAsync(string code, string message)
    {
        var recognition = _recognition;
        _recognition = null;
        Publish(new ErrorEvent(0, code, message));
        await ReleaseSlotAsync();
        _state.State.Status = "failed";
        Publish(new StatusEvent(0, "failed", _siloName, _asr.DisplayName, message));
        _feed?.Writer.TryComplete();
        _feed = null;
        _tick?.Dispose();
        _tick = null;
        try
        {
            await TransientRetry.RunAsync(PersistAsync, _logger, SessionId, "saving the failed state");
        }
        catch (Exception ex)
        {
            // The store itself may be what failed; a later activation resumes from the last saved state.
            LogResultFailed(_logger, SessionId, ex.GetType().Name, ex.Message);
        }

        if (recognition is not null)
        {
            _ = DisposeLaterAsync(recognition);
        }
    }

    private static async Task DisposeLaterAsync(LiveRecognition recognition)
    {
        await Task.Yield();
        recognition.Dispose();
    }

    private async Task OpenRecognitionAsync(string? detail)
    {
        var user = GrainFactory.GetGrain<IUserGrain>(_state.State.OwnerId!);
        // An unreachable user grain (its silo just died) admits the session: the quota is re-counted
        // when the session renews its live entry on the next tick.
        if (!await Bookkeeping.TryAsync(() => user.TryStartLive(SessionId), true, _logger, SessionId, "taking a live slot"))
        {
            throw new SessionException(ErrorCodes.QuotaExceeded, "you already have the maximum number of live sessions; stop one first");
        }

        var slot = _slots.TryAcquire();
        if (slot is null)
        {
            await EndLiveAsync();
            // Leave this silo: the next attempt is placed afresh, on a silo with room if there is one.
            DeactivateOnIdle();
            var (total, free) = await ClusterCapacityAsync();
            throw free > 0
                ? new SessionException(ErrorCodes.CapacityExhausted, $"the speech recognizer this session was placed on is full ({_slots.Capacity} streams); retry now")
                {
                    RetryAfterSeconds = 0,
                }
                : new SessionException(ErrorCodes.CapacityExhausted, $"all {Math.Max(total, _slots.Capacity)} GPU stream slots are busy; retry after 5 s")
                {
                    RetryAfterSeconds = 5,
                };
        }

        try
        {
            EnsureFeed();
            _state.State.Status = "starting";
            Publish(new StatusEvent(0, "starting", _siloName, _asr.DisplayName, detail));
            var config = RivaConfigFactory.Create(_state.State.Options!, _asr);
            _uncovered.Clear();
            _state.State.ResumeSeq = _state.State.NextSeq;
            _state.State.ResumeMs = _state.State.AudioMs;
            _recognition = await LiveRecognition.StartAsync(_riva, config, _asr, _state.State.AudioMs, this, _logger, SessionId);
        }
        catch
        {
            slot.Dispose();
            await EndLiveAsync();
            _state.State.Status = "failed";
            throw;
        }

        _slot = slot;
        _state.State.Status = "streaming";
        _lastAudioUtc = DateTime.UtcNow;
        _tick ??= this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true });
        await PersistAsync();
        Publish(new StatusEvent(0, "streaming", _siloName, _asr.DisplayName, detail));
        LogStarted(_logger, SessionId, _state.State.NextSeq, _state.State.AudioMs);
    }

    private async Task CloseRecognitionAsync(string finalState, string? detail)
    {
        _recognition?.Dispose();
        _recognition = null;
        await ReleaseSlotAsync();
        _tick?.Dispose();
        _tick = null;
        _state.State.Status = finalState;
        await PersistAsync();
        Publish(new StatusEvent(0, finalState, _siloName, _asr.DisplayName, detail));
        _feed?.Writer.TryComplete();
        _feed = null;
        LogStopped(_logger, SessionId, finalState, _state.State.Finals.Count, _state.State.AudioMs);
    }

    /// <summary>The cluster's capacity from the registry (fresh), with this silo's own live count.</summary>
    private async Task<(int Total, int Free)> ClusterCapacityAsync()
    {
        try
        {
            var reports = await GrainFactory.GetGrain<ICapacityRegistryGrain>(0).Snapshot();
            _capacity.Update(reports); // this silo's next placement decision sees the fresh picture
            var local = _capacity.LocalReport(serving: true);
            var others = reports.Where(r => !r.Silo.Equals(local.Silo)).ToArray();
            return (others.Sum(r => r.Capacity) + local.Capacity, others.Sum(r => r.Free) + local.Free);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return _capacity.Totals();
        }
    }

    /// <summary>Frames wholly before <paramref name="processedMs"/> are covered by finals and never need resending.</summary>
    private void AdvanceResumePoint(long processedMs)
    {
        while (_uncovered.Count > 0 && _uncovered.Peek().StartMs + _uncovered.Peek().LengthMs <= processedMs)
        {
            _uncovered.Dequeue();
        }

        if (_uncovered.Count > 0)
        {
            (_state.State.ResumeSeq, _state.State.ResumeMs, _) = _uncovered.Peek();
        }
        else
        {
            _state.State.ResumeSeq = _state.State.NextSeq;
            _state.State.ResumeMs = _state.State.AudioMs;
        }
    }

    private void RollBackToResumePoint()
    {
        _state.State.NextSeq = _state.State.ResumeSeq;
        _state.State.AudioMs = _state.State.ResumeMs;
        _state.State.Status = "reconnecting";
        _uncovered.Clear();
    }

    private async Task ReleaseSlotAsync()
    {
        if (_slot is null)
        {
            return;
        }

        // The local slot first, always: nothing after this may keep the recognizer stream counted.
        _slot.Dispose();
        _slot = null;
        await EndLiveAsync();
    }

    /// <summary>Gives the user's live slot back; a failure leaves an entry that expires unrenewed.</summary>
    private async Task EndLiveAsync()
    {
        var user = GrainFactory.GetGrain<IUserGrain>(_state.State.OwnerId!);
        await Bookkeeping.TryAsync(() => user.EndLive(SessionId), _logger, SessionId, "releasing the live slot");
    }

    /// <summary>Renews this session's live entry in the user's set (rebuilt after the user grain moved).</summary>
    private async Task RenewLiveAsync()
    {
        var user = GrainFactory.GetGrain<IUserGrain>(_state.State.OwnerId!);
        await Bookkeeping.TryAsync(() => user.TryStartLive(SessionId), true, _logger, SessionId, "renewing the live slot");
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (Running)
        {
            // Not awaited: a slow user grain must not hold up this activation's frames.
            _ = RenewLiveAsync();
        }

        if (Running && DateTime.UtcNow - _lastAudioUtc > _asr.IdleTimeout)
        {
            LogIdle(_logger, SessionId, _asr.IdleTimeout);
            Publish(new StatusEvent(0, "draining", _siloName, _asr.DisplayName, "no audio received; ending the abandoned stream"));
            await _recognition!.CompleteAsync();
            await CloseRecognitionAsync("stopped", "idle timeout: no audio received");
        }
    }

    private async Task FillGapAsync(SequenceGap gap, int frameBytes)
    {
        // Silence keeps later word times aligned with the recording; capped so a bogus seq can't flood the ASR.
        var missing = gap.ToSeqExclusive - gap.FromSeq;
        var fillMs = Math.Min(missing * frameBytes / BytesPerMs, 10_000);
        LogGap(_logger, SessionId, gap.FromSeq, gap.ToSeqExclusive);
        Publish(new ErrorEvent(0, ErrorCodes.SequenceGap,
            $"frames {gap.FromSeq}..{gap.ToSeqExclusive - 1} never arrived; {fillMs} ms of silence stand in for them"));
        if (fillMs > 0)
        {
            _state.State.AudioMs += fillMs;
            await _recognition!.AppendAsync(new byte[fillMs * BytesPerMs]);
        }
    }

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

    private void EnsureFeed() => _feed ??= Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });

    private ChannelReader<SessionEvent> ClaimFeed()
    {
        if (_feed is null || _feedClaimed)
        {
            // A new consumer replaces the old one (a reconnecting client, another gateway): end the old
            // feed and hand over what it never read, so no final published meanwhile is lost.
            var previous = _feed;
            previous?.Writer.TryComplete();
            _feed = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
            var state = _state.State.Status;
            _feed.Writer.TryWrite(new StatusEvent(++_lastEventId, state, _siloName, _asr.DisplayName, null));
            while (previous is not null && previous.Reader.TryRead(out var unread))
            {
                if (unread is not StatusEvent)
                {
                    _feed.Writer.TryWrite(unread);
                }
            }

            if (!Running && _state.State.Status != "reconnecting")
            {
                // An ended session: the consumer gets its status and the feed ends. (A session waiting
                // for its client to resume keeps the feed open for the events of the resumed stream.)
                _feed.Writer.TryComplete();
                var ended = _feed.Reader;
                _feed = null;
                _feedClaimed = false;
                return ended;
            }
        }

        _feedClaimed = true;
        return _feed.Reader;
    }

    private void Publish(SessionEvent item)
    {
        var numbered = item switch
        {
            TranscriptEvent t => t with { Id = ++_lastEventId },
            StatusEvent s => s with { Id = ++_lastEventId },
            ErrorEvent e => e with { Id = ++_lastEventId },
            _ => item,
        };
        _feed?.Writer.TryWrite(numbered);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} streaming from frame {NextSeq} at {AudioMs} ms")]
    private static partial void LogStarted(ILogger logger, string sessionId, long nextSeq, long audioMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} {State}: {Finals} finals, {AudioMs} ms of audio")]
    private static partial void LogStopped(ILogger logger, string sessionId, string state, int finals, long audioMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: frames {FromSeq}..{ToSeqExclusive} missing; filled with silence")]
    private static partial void LogGap(ILogger logger, string sessionId, long fromSeq, long toSeqExclusive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the recognizer did not drain within {Timeout}")]
    private static partial void LogDrainTimeout(ILogger logger, string sessionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: no audio for {Timeout}; stopping the abandoned stream")]
    private static partial void LogIdle(ILogger logger, string sessionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: ASR failed with {Code}: {Message}")]
    private static partial void LogAsrFailed(ILogger logger, string sessionId, string code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: handling a result failed ({Error}: {Message})")]
    private static partial void LogResultFailed(ILogger logger, string sessionId, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} activated after losing its previous host; waiting for the client to resume from frame {NextSeq}")]
    private static partial void LogAwaitingResume(ILogger logger, string sessionId, long nextSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} deactivated while streaming ({Reason}); the client must resume it")]
    private static partial void LogDeactivatedWhileStreaming(ILogger logger, string sessionId, string reason);
}
