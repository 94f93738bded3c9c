using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>The session's recognizer stream: opening and closing it, its results, its failures, the idle tick.</summary>
public sealed partial class SessionGrain
{
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

    void IRecognitionSink.OnReconnecting(string detail) =>
        SetStatus(SessionStates.Reconnecting, "the speech recognizer stream is being reopened");

    void IRecognitionSink.OnReconnected() => SetStatus(SessionStates.Streaming, "reconnected");

    Task IRecognitionSink.OnUnrecognizedAudioAsync(long startMs, ReadOnlyMemory<byte> pcm) =>
        _artifacts.WriteLiveAudioAsync(OwnerId, SessionId, startMs, pcm);

    async Task IRecognitionSink.OnFailedAsync(SessionException error)
    {
        LogAsrFailed(_logger, SessionId, error.Code, error.Message);
        await FailAsync(error.Code, error.Message);
    }

    private async Task HandleResultAsync(AsrResult result)
    {
        var s = _state.State;
        if (!result.IsFinal)
        {
            _feed.Publish(new TranscriptEvent(0, s.NextSegmentId, false, result.Text, result.Stability, result.Words, result.AudioProcessedMs));
            return;
        }

        if (result.Text.Length == 0 && result.Words.Count == 0)
        {
            return;
        }

        var segment = new TranscriptSegment(s.NextSegmentId, result.Text, result.Words, result.Confidence, result.AudioProcessedMs);
        // Saved before it is sent: a final a client saw always survives a crash (a resuming client can
        // ask for the finals it missed, see StartSessionRequest.LastSegmentId).
        await StoreFinalAsync(segment);
        _feed.Publish(new TranscriptEvent(0, segment.SegmentId, true, result.Text, 1f, result.Words, result.AudioProcessedMs));
        OnFinalForRecording(segment);
    }

    private async Task OpenRecognitionAsync(string? detail)
    {
        await _admission.AdmitAsync(_state.State.OwnerId!, SessionId, DeactivateOnIdle);
        try
        {
            _feed.Open();
            SetStatus(SessionStates.Starting, detail);
            var config = RivaConfigFactory.Create(_state.State.Options!, _asr);
            _cursor.Restart(_state.State);
            _recognition = await LiveRecognition.StartAsync(_riva, config, _asr, _state.State.AudioMs, this, _logger, SessionId);
        }
        catch
        {
            await _admission.ReleaseAsync(_state.State.OwnerId!, SessionId);
            SetStatus(SessionStates.Failed, null, announce: false);
            throw;
        }

        _lastAudioUtc = DateTime.UtcNow;
        _tick ??= this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { KeepAlive = true });
        SetStatus(SessionStates.Streaming, detail, announce: false);
        await PersistAsync();
        _feed.Publish(StatusEvent(SessionStates.Streaming, detail));
        LogStarted(_logger, SessionId, _state.State.NextSeq, _state.State.AudioMs);
    }

    /// <summary>Ends the audio, waits for the last finals and closes the session as stopped.</summary>
    private async Task DrainAndCloseAsync(string? drainingDetail, string? detail)
    {
        SetStatus(SessionStates.Draining, drainingDetail);
        var drained = await _recognition!.CompleteAsync();
        if (!drained)
        {
            LogDrainTimeout(_logger, SessionId, _asr.DrainTimeout);
            _feed.Publish(new ErrorEvent(0, ErrorCodes.AsrUnavailable, "the speech recognizer did not return the last results in time"));
        }

        if (Running)
        {
            // (Not when the session failed while draining: failed is its last word.)
            await CloseRecognitionAsync(SessionStates.Stopped, detail);
        }
    }

    private async Task CloseRecognitionAsync(string finalState, string? detail)
    {
        _recognition?.Dispose();
        _recognition = null;
        await _admission.ReleaseAsync(_state.State.OwnerId!, SessionId);
        _tick?.Dispose();
        _tick = null;
        SetStatus(finalState, detail, announce: false);
        await PersistAsync();
        await FlushFinallyAsync();
        _feed.Publish(StatusEvent(finalState, detail));
        _feed.End();
        LogStopped(_logger, SessionId, finalState, _state.State.NextSegmentId, _state.State.AudioMs);
    }

    /// <summary>
    /// Ends the session as failed: a coded error, the slot released, the state kept, the feed ended.
    /// May be called from the read loop, so the recognition is disposed in a later turn.
    /// </summary>
    private async Task FailAsync(string code, string message)
    {
        var recognition = _recognition;
        _recognition = null;
        _feed.Publish(new ErrorEvent(0, code, message));
        await _admission.ReleaseAsync(_state.State.OwnerId!, SessionId);
        SetStatus(SessionStates.Failed, message);
        _feed.End();
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

        await FlushFinallyAsync();
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

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        if (!Running)
        {
            return;
        }

        // Not awaited: a slow user grain must not hold up this activation's frames.
        _ = _admission.RenewAsync(_state.State.OwnerId!, SessionId);
        if (DateTime.UtcNow - _lastAudioUtc > _asr.IdleTimeout)
        {
            LogIdle(_logger, SessionId, _asr.IdleTimeout);
            await DrainAndCloseAsync("no audio received; ending the abandoned stream", "idle timeout: no audio received");
        }
    }

    private async Task FillGapAsync(SequenceGap gap, int frameBytes)
    {
        // Silence keeps later word times aligned with the recording; capped so a bogus seq can't flood the ASR.
        var missing = gap.ToSeqExclusive - gap.FromSeq;
        var fillMs = Math.Min(missing * frameBytes / BytesPerMs, 10_000);
        LogGap(_logger, SessionId, gap.FromSeq, gap.ToSeqExclusive);
        _feed.Publish(new ErrorEvent(0, ErrorCodes.SequenceGap,
            $"frames {gap.FromSeq}..{gap.ToSeqExclusive - 1} never arrived; {fillMs} ms of silence stand in for them"));
        if (fillMs > 0)
        {
            _state.State.AudioMs += fillMs;
            await _recognition!.AppendAsync(new byte[fillMs * BytesPerMs]);
        }
    }
}
