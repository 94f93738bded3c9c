using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>
/// What a <see cref="LiveRecognition"/> does when something breaks: reopening the stream through an
/// outage, retrying a failed result write, and ending the session cleanly (with its uncovered audio
/// kept) when neither helps.
/// </summary>
internal sealed partial class LiveRecognition
{
    /// <summary>Tries of one sink call (a state or blob write) before the session gives up on it.</summary>
    private const int SinkAttempts = 3;

    private long? _outageStartedMs;
    private int _outageAttempts;
    private bool _failed;

    private async Task ReconnectAsync(string reason)
    {
        _phase = Phase.Reconnecting;
        _stream?.Dispose();
        _stream = null;
        _generation++;
        _buffer.RewindSent();
        if (_outageStartedMs is null)
        {
            // A new outage. A stream that broke before giving any result does not end the previous
            // one: the outage clock and back-off go on, so a flapping recognizer still meets MaxOutage.
            _outageStartedMs = Environment.TickCount64;
            _outageAttempts = 0;
            _backoff.Reset();
        }

        Notify(() => _sink.OnReconnecting(reason));
        LogReconnecting(_logger, _sessionId, reason, _buffer.StartMs);
        while (_phase != Phase.Ended)
        {
            var remaining = _options.MaxOutage - TimeSpan.FromMilliseconds(Environment.TickCount64 - _outageStartedMs.Value);
            var outOfAttempts = _options.ReconnectAttempts > 0 && _outageAttempts >= _options.ReconnectAttempts;
            if (remaining <= TimeSpan.Zero || outOfAttempts)
            {
                LogOutageTooLong(_logger, _sessionId, _options.MaxOutage, _outageAttempts, _buffer.StartMs);
                await FailAsync(new SessionException(ErrorCodes.AsrUnavailable,
                    $"the speech recognizer was unreachable for longer than the session may wait ({_options.MaxOutage.TotalSeconds:0} s); " +
                    "the session ended and the audio no final covers is kept for a later pass"));
                return;
            }

            try
            {
                var delay = _backoff.Next();
                await Task.Delay(delay < remaining ? delay : remaining, _cts.Token);
                if (_phase == Phase.Ended)
                {
                    return;
                }

                _outageAttempts++;
                var stream = await _client.OpenStreamAsync(_config, _cts.Token);
                if (_phase == Phase.Ended)
                {
                    stream.Dispose();
                    return;
                }

                _stream = stream;
                _phase = Phase.Streaming;
                _buffer.RewindSent();
                StartReader(stream);
                // The pump replays everything held, then whatever arrives meanwhile, in order, in the background.
                Pump();
                Notify(_sink.OnReconnected);
                LogReconnected(_logger, _sessionId, _outageAttempts, _buffer.EndMs - _buffer.StartMs);
                return;
            }
            catch (Exception ex) when ((ex is OperationCanceledException or ObjectDisposedException) && _phase == Phase.Ended)
            {
                return; // disposed meanwhile
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the loop goes on: Asr:MaxOutage bounds it, so no failure can leave
                // the session stuck in "reconnecting".
                LogReconnectFailed(_logger, _sessionId, _outageAttempts, ex.Message);
            }
        }
    }

    /// <summary>
    /// Hands a result to the sink, retrying a few times with back-off (a state or blob write may fail
    /// for a moment); after that the session fails. The sink must accept the same result again after
    /// it threw. False when the session failed.
    /// </summary>
    private async Task<bool> DeliverAsync(AsrResult result)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _sink.OnResultAsync(result);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_cts.IsCancellationRequested)
            {
                if (attempt >= SinkAttempts || ex is SessionException)
                {
                    LogResultFailed(_logger, _sessionId, attempt, ex);
                    await FailAsync(new SessionException(ErrorCodes.Internal,
                        "the session could not store its transcript and was stopped; the audio no final covers is kept"));
                    return false;
                }

                LogResultRetry(_logger, _sessionId, attempt, ex.Message);
                await Task.Delay(_options.ReconnectBackoff * (1 << attempt), _cts.Token);
            }
        }
    }

    private async Task FlushOrphanPartialAsync()
    {
        // Some servers end a stream without a final for the last words; keep them rather than lose them.
        if (_lastPartial is { Text.Length: > 0 } partial)
        {
            _lastPartial = null;
            await DeliverAsync(partial with { IsFinal = true, Stability = 1f });
        }
    }

    /// <summary>Ends the recognition for good: keeps the uncovered audio, tells the sink, frees the stream.</summary>
    private async Task FailAsync(SessionException error)
    {
        if (_failed)
        {
            return;
        }

        _failed = true;
        _phase = Phase.Ended;
        _generation++;
        await HandOverUncoveredAsync();
        try
        {
            await _sink.OnFailedAsync(error);
        }
        catch (Exception ex)
        {
            // The sink releases the slot and ends the feed before it persists, so a failed write here
            // still leaves the session ended; there is nobody else to tell.
            LogSinkFailed(_logger, _sessionId, nameof(IRecognitionSink.OnFailedAsync), ex);
        }

        // The recognizer's stream may still be healthy (a failed write ends the session too): free it.
        _stream?.Dispose();
        _stream = null;
        Finish();
        _cts.Cancel();
    }

    /// <summary>
    /// Gives every byte of audio no final covers to the sink. Frames that arrive while a hand-over is
    /// written (the grain still takes them until it learns of the failure) follow in another hand-over.
    /// </summary>
    private async Task HandOverUncoveredAsync()
    {
        while (true)
        {
            if (_pendingLength > 0)
            {
                _buffer.Add(TakePending());
            }

            if (_buffer.Bytes == 0)
            {
                return;
            }

            var startMs = _buffer.StartMs;
            var pcm = _buffer.ToArray();
            _buffer.Clear();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _sink.OnUnrecognizedAudioAsync(startMs, pcm);
                    LogAudioKept(_logger, _sessionId, pcm.Length / ReplayBuffer.BytesPerMs, startMs);
                    break;
                }
                catch (Exception ex) when (attempt < SinkAttempts && !_cts.IsCancellationRequested)
                {
                    LogSinkRetry(_logger, _sessionId, nameof(IRecognitionSink.OnUnrecognizedAudioAsync), attempt, ex.Message);
                    await Task.Delay(_options.ReconnectBackoff * (1 << attempt));
                }
                catch (Exception ex)
                {
                    LogAudioLost(_logger, _sessionId, pcm.Length / ReplayBuffer.BytesPerMs, startMs, ex);
                    break;
                }
            }
        }
    }

    private void Notify(Action notification)
    {
        try
        {
            notification();
        }
        catch (Exception ex)
        {
            // A status notice is not worth the session: reconnecting goes on.
            LogSinkFailed(_logger, _sessionId, "status notice", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: ASR stream lost ({Reason}); reopening and replaying from {ReplayStartMs} ms")]
    private static partial void LogReconnecting(ILogger logger, string sessionId, string reason, long replayStartMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: ASR stream reopened on attempt {Attempt}; replaying {ReplayMs} ms of audio")]
    private static partial void LogReconnected(ILogger logger, string sessionId, int attempt, long replayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: reopening the ASR stream failed on attempt {Attempt}: {Error}")]
    private static partial void LogReconnectFailed(ILogger logger, string sessionId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: the recognizer stayed unreachable past Asr:MaxOutage ({MaxOutage}, {Attempts} attempts); ending the session, audio from {StartMs} ms is kept")]
    private static partial void LogOutageTooLong(ILogger logger, string sessionId, TimeSpan maxOutage, int attempts, long startMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: storing a result failed (try {Attempt}); retrying: {Error}")]
    private static partial void LogResultRetry(ILogger logger, string sessionId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: storing a result failed after {Attempt} tries; the session fails")]
    private static partial void LogResultFailed(ILogger logger, string sessionId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: the result path failed; the session fails")]
    private static partial void LogReadLoopFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Call} failed (try {Attempt}); retrying: {Error}")]
    private static partial void LogSinkRetry(ILogger logger, string sessionId, string call, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: {Call} failed")]
    private static partial void LogSinkFailed(ILogger logger, string sessionId, string call, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: {DurationMs} ms of audio no final covers, from {StartMs} ms, kept for a later pass")]
    private static partial void LogAudioKept(ILogger logger, string sessionId, long durationMs, long startMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: {DurationMs} ms of unrecognised audio from {StartMs} ms could not be stored")]
    private static partial void LogAudioLost(ILogger logger, string sessionId, long durationMs, long startMs, Exception exception);
}
