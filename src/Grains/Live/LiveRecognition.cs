using Grpc.Core;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Live;

/// <summary>
/// A session's recognition across one or more ASR streams. Audio is re-cut into 100 ms messages and
/// kept until a final covers it, so when the stream breaks (server restart, UNAVAILABLE, idle drop)
/// it is reopened with back-off and the uncovered audio replayed: no audio is lost, and word times stay
/// absolute because each stream's times are offset by where its audio starts.
/// </summary>
/// <remarks>
/// Not thread-safe by design: it is created and driven from one grain activation, and its read loop
/// is started from a grain turn so that it runs on the activation's scheduler, between turns.
/// Never add ConfigureAwait(false) here.
/// </remarks>
internal sealed partial class LiveRecognition : IDisposable
{
    private const int BytesPerMs = 32; // 16 kHz * 2 bytes
    private const int ChunkBytes = 100 * BytesPerMs;

    private readonly RivaClient _client;
    private readonly StreamingRecognitionConfig _config;
    private readonly AsrOptions _options;
    private readonly IRecognitionSink _sink;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<byte[]> _replay = [];
    private readonly byte[] _pending = new byte[ChunkBytes];
    private int _pendingLength;
    private long _replayStartMs;
    private RivaStream? _stream;
    private int _generation;
    private int _resultsOnStream;
    private AsrResult? _lastPartial;
    private Phase _phase = Phase.Streaming;
    private bool _completing;

    private enum Phase { Streaming, Reconnecting, Ended }

    private LiveRecognition(RivaClient client, StreamingRecognitionConfig config, AsrOptions options, long startMs,
        IRecognitionSink sink, ILogger logger, string sessionId)
    {
        _client = client;
        _config = config;
        _options = options;
        _replayStartMs = startMs;
        _sink = sink;
        _logger = logger;
        _sessionId = sessionId;
    }

    /// <summary>Absolute ms of all audio appended so far.</summary>
    public long AudioEndMs => _replayStartMs + (_replay.Sum(c => (long)c.Length) + _pendingLength) / BytesPerMs;

    /// <summary>Opens the first stream. Audio of the session starts at <paramref name="startMs"/>.</summary>
    public static async Task<LiveRecognition> StartAsync(RivaClient client, StreamingRecognitionConfig config, AsrOptions options,
        long startMs, IRecognitionSink sink, ILogger logger, string sessionId)
    {
        var recognition = new LiveRecognition(client, config, options, startMs, sink, logger, sessionId);
        try
        {
            recognition._stream = await client.OpenStreamAsync(config, recognition._cts.Token);
        }
        catch (RpcException ex)
        {
            recognition.Dispose();
            throw RivaErrors.ToSessionException(ex);
        }

        recognition.StartReader();
        return recognition;
    }

    /// <summary>Appends PCM16 audio; sends every complete 100 ms chunk.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> pcm)
    {
        var offset = 0;
        while (offset < pcm.Length)
        {
            var take = Math.Min(ChunkBytes - _pendingLength, pcm.Length - offset);
            pcm.Span.Slice(offset, take).CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            offset += take;
            if (_pendingLength == ChunkBytes)
            {
                await SendChunkAsync(TakePending());
            }
        }
    }

    /// <summary>
    /// Ends the audio and waits until the recognizer has returned every final for it.
    /// Returns false if that did not happen within <see cref="AsrOptions.DrainTimeout"/>.
    /// </summary>
    public async Task<bool> CompleteAsync()
    {
        if (_pendingLength > 0)
        {
            await SendChunkAsync(TakePending());
        }

        _completing = true;
        if (_phase == Phase.Streaming && _stream is not null)
        {
            try
            {
                await _stream.CompleteAsync();
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                // The read loop sees the same failure and reconnects or fails; it owns that decision.
            }
        }

        try
        {
            await _drained.Task.WaitAsync(_options.DrainTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _phase = Phase.Ended;
        _cts.Cancel();
        _stream?.Dispose();
        _drained.TrySetResult();
        _cts.Dispose();
    }

    private byte[] TakePending()
    {
        var chunk = _pending.AsSpan(0, _pendingLength).ToArray();
        _pendingLength = 0;
        return chunk;
    }

    private async Task SendChunkAsync(byte[] chunk)
    {
        _replay.Add(chunk);
        TrimReplayToWindow();
        if (_phase != Phase.Streaming || _stream is null)
        {
            return; // kept for replay once the stream is back
        }

        try
        {
            await _stream.WriteAsync(chunk, _cts.Token);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // A broken stream fails its read side too; the read loop reconnects and replays this chunk.
        }
    }

    private void TrimReplayToWindow()
    {
        var maxBytes = (long)_options.ReplayWindow.TotalMilliseconds * BytesPerMs;
        var total = _replay.Sum(c => (long)c.Length);
        while (total > maxBytes && _replay.Count > 1)
        {
            total -= _replay[0].Length;
            _replayStartMs += _replay[0].Length / BytesPerMs;
            _replay.RemoveAt(0);
        }
    }

    /// <summary>Drops audio that a final has covered: it never needs replaying.</summary>
    private void TrimReplayTo(long processedMs)
    {
        while (_replay.Count > 0 && _replayStartMs + _replay[0].Length / BytesPerMs <= processedMs)
        {
            _replayStartMs += _replay[0].Length / BytesPerMs;
            _replay.RemoveAt(0);
        }
    }

    private void StartReader()
    {
        var generation = ++_generation;
        _resultsOnStream = 0;
        _ = ReadLoopAsync(_stream!, _replayStartMs, generation);
    }

    private async Task ReadLoopAsync(RivaStream stream, long baseMs, int generation)
    {
        try
        {
            await foreach (var result in stream.ReadAllAsync(_cts.Token))
            {
                if (generation != _generation)
                {
                    return;
                }

                _resultsOnStream++;
                var absolute = Offset(result, baseMs);
                if (absolute.IsFinal)
                {
                    _lastPartial = null;
                    TrimReplayTo(absolute.AudioProcessedMs);
                }
                else
                {
                    _lastPartial = absolute;
                }

                await _sink.OnResultAsync(absolute);
            }

            if (generation != _generation || _phase == Phase.Ended)
            {
                return;
            }

            if (_completing)
            {
                await FlushOrphanPartialAsync();
                Finish();
                return;
            }

            // The server ended the call while audio was still flowing (e.g. an idle drop): reopen it.
            await ReconnectAsync("the recognizer closed the stream");
        }
        catch (RpcException ex) when (generation == _generation && _phase != Phase.Ended)
        {
            if (RivaErrors.IsRetryable(ex) || (ex.StatusCode == StatusCode.InvalidArgument && _resultsOnStream > 0))
            {
                // INVALID_ARGUMENT after results is Riva's idle-sequence timeout ("missing START"), not a bad config.
                await ReconnectAsync($"stream broke ({ex.StatusCode})");
            }
            else
            {
                await FailAsync(RivaErrors.ToSessionException(ex));
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task ReconnectAsync(string reason)
    {
        _phase = Phase.Reconnecting;
        _stream?.Dispose();
        _stream = null;
        _generation++;
        _sink.OnReconnecting(reason);
        LogReconnecting(_logger, _sessionId, reason, _replayStartMs);

        var delay = _options.ReconnectBackoff;
        for (var attempt = 1; attempt <= _options.ReconnectAttempts; attempt++)
        {
            try
            {
                await Task.Delay(delay, _cts.Token);
                delay *= 2;
                var stream = await _client.OpenStreamAsync(_config, _cts.Token);
                var baseMs = _replayStartMs;
                // Chunks appended during the replay join the list and are sent by this same loop.
                for (var i = 0; i < _replay.Count; i++)
                {
                    await stream.WriteAsync(_replay[i], _cts.Token);
                }

                _stream = stream;
                _phase = Phase.Streaming;
                var generation = ++_generation;
                _resultsOnStream = 0;
                _ = ReadLoopAsync(stream, baseMs, generation);
                if (_completing)
                {
                    if (_pendingLength > 0)
                    {
                        var tail = TakePending();
                        _replay.Add(tail);
                        await stream.WriteAsync(tail, _cts.Token);
                    }

                    await stream.CompleteAsync();
                }

                _sink.OnReconnected();
                LogReconnected(_logger, _sessionId, attempt);
                return;
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or SessionException)
            {
                LogReconnectFailed(_logger, _sessionId, attempt, ex.Message);
            }
        }

        await FailAsync(new SessionException(ErrorCodes.AsrUnavailable, "the speech recognizer is unavailable; the session's audio is kept"));
    }

    private async Task FlushOrphanPartialAsync()
    {
        // Some servers end a stream without a final for the last words; keep them rather than lose them.
        if (_lastPartial is { Text.Length: > 0 } partial)
        {
            _lastPartial = null;
            await _sink.OnResultAsync(partial with { IsFinal = true, Stability = 1f });
        }
    }

    private async Task FailAsync(SessionException error)
    {
        _phase = Phase.Ended;
        await _sink.OnFailedAsync(error);
        Finish();
    }

    private void Finish()
    {
        _phase = Phase.Ended;
        _drained.TrySetResult();
    }

    private static AsrResult Offset(AsrResult result, long baseMs) => baseMs == 0 ? result : result with
    {
        Words = result.Words.Select(w => w with { StartMs = (int)(w.StartMs + baseMs), EndMs = (int)(w.EndMs + baseMs) }).ToArray(),
        AudioProcessedMs = result.AudioProcessedMs + baseMs,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: ASR stream lost ({Reason}); reopening and replaying from {ReplayStartMs} ms")]
    private static partial void LogReconnecting(ILogger logger, string sessionId, string reason, long replayStartMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: ASR stream reopened on attempt {Attempt}")]
    private static partial void LogReconnected(ILogger logger, string sessionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: reopening the ASR stream failed on attempt {Attempt}: {Error}")]
    private static partial void LogReconnectFailed(ILogger logger, string sessionId, int attempt, string error);
}
