using Grpc.Core;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Live;

/// <summary>
/// A session's recognition across one or more ASR streams. Audio is re-cut into 100 ms messages and
/// kept (<see cref="ReplayBuffer"/>) until a final covers it, so when the stream breaks (server restart,
/// UNAVAILABLE, idle drop) it is reopened with capped, jittered back-off and the uncovered audio
/// replayed: no audio is lost, and word times stay absolute because each stream's times are offset by
/// where its audio starts. An outage longer than <see cref="AsrOptions.MaxOutage"/> ends the session,
/// and the audio no final covers is handed to the sink to be stored.
/// </summary>
/// <remarks>
/// Not thread-safe by design: it is created and driven from one grain activation, and its read loop,
/// send pump and reconnect loop are started from grain turns so that they run on the activation's
/// scheduler, interleaved with turns only at awaits. Never add ConfigureAwait(false) here.
/// Audio is written by one pump per stream, so messages go out in order, and a replay of a long
/// outage never holds up a grain turn: appends only queue and return.
/// </remarks>
internal sealed partial class LiveRecognition : IDisposable
{
    private const int ChunkBytes = 100 * ReplayBuffer.BytesPerMs;

    private readonly RivaClient _client;
    private readonly StreamingRecognitionConfig _config;
    private readonly AsrOptions _options;
    private readonly IRecognitionSink _sink;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReplayBuffer _buffer;
    private readonly ReconnectBackoff _backoff;
    private readonly byte[] _pending = new byte[ChunkBytes];
    private int _pendingLength;
    private RivaStream? _stream;
    private RivaStream? _pumping;
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
        _buffer = new ReplayBuffer(startMs);
        _backoff = new ReconnectBackoff(options.ReconnectBackoff, options.ReconnectBackoffCap);
        _sink = sink;
        _logger = logger;
        _sessionId = sessionId;
    }

    /// <summary>Absolute ms of all audio appended so far.</summary>
    public long AudioEndMs => _buffer.EndMs + _pendingLength / ReplayBuffer.BytesPerMs;

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

        recognition.StartReader(recognition._stream);
        return recognition;
    }

    /// <summary>
    /// Appends PCM16 audio. Every complete 100 ms chunk is queued for the stream (or, while the stream is
    /// being reopened, kept for the replay); this never waits for the network.
    /// </summary>
    public Task AppendAsync(ReadOnlyMemory<byte> pcm)
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
                AddChunk(TakePending());
            }
        }

        Pump();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ends the audio and waits until the recognizer has returned every final for it.
    /// Returns false if that did not happen within <see cref="AsrOptions.DrainTimeout"/>; the audio no
    /// final covers is then handed to the sink rather than lost with the stream.
    /// </summary>
    public async Task<bool> CompleteAsync()
    {
        if (_pendingLength > 0)
        {
            AddChunk(TakePending());
        }

        // The pump half-closes the stream once everything before it is sent (after a replay, too).
        _completing = true;
        Pump();
        try
        {
            await _drained.Task.WaitAsync(_options.DrainTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            if (_phase != Phase.Ended)
            {
                _phase = Phase.Ended;
                _generation++;
                await HandOverUncoveredAsync();
            }

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

    private void AddChunk(byte[] chunk)
    {
        _buffer.Add(chunk);
        if (_phase == Phase.Streaming)
        {
            // While streaming, audio sent long ago that never got a final is dropped past the window;
            // during an outage nothing is dropped (MaxOutage bounds it instead).
            _buffer.TrimSentTo((long)_options.ReplayWindow.TotalMilliseconds * ReplayBuffer.BytesPerMs);
        }
    }

    /// <summary>Starts the send pump of the current stream unless it runs already.</summary>
    private void Pump()
    {
        if (_phase == Phase.Streaming && _stream is { } stream && !ReferenceEquals(_pumping, stream))
        {
            _ = PumpAsync(stream);
        }
    }

    private async Task PumpAsync(RivaStream stream)
    {
        _pumping = stream;
        try
        {
            while (IsCurrent(stream) && _buffer.TryTakeUnsent(out var chunk))
            {
                await stream.WriteAsync(chunk, _cts.Token);
            }

            if (IsCurrent(stream) && _completing)
            {
                await stream.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // A broken stream fails its read side too; the read loop reconnects and replays what is unsent.
        }
        finally
        {
            if (ReferenceEquals(_pumping, stream))
            {
                _pumping = null;
            }
        }
    }

    private bool IsCurrent(RivaStream stream) => _phase == Phase.Streaming && ReferenceEquals(_stream, stream);

    private void StartReader(RivaStream stream)
    {
        var generation = ++_generation;
        _resultsOnStream = 0;
        _ = ReadLoopAsync(stream, _buffer.StartMs, generation);
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
                _outageStartedMs = null; // a result proves the recognizer is back: a later break is a new outage
                var absolute = Offset(result, baseMs);
                _lastPartial = absolute.IsFinal ? null : absolute;
                if (!await DeliverAsync(absolute) || generation != _generation)
                {
                    return;
                }

                if (absolute.IsFinal)
                {
                    // Only once the final is stored: until then its audio still counts as uncovered.
                    _buffer.TrimCoveredTo(absolute.AudioProcessedMs);
                }
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
        catch (Exception ex)
        {
            if (generation != _generation || _phase == Phase.Ended)
            {
                return; // a superseded or ended stream (e.g. disposed mid-retry): nothing is left to fail
            }

            // Nothing on the result path may end reading silently and leave the session wedged.
            LogReadLoopFailed(_logger, _sessionId, ex);
            await FailAsync(new SessionException(ErrorCodes.Internal, "the session's recognition failed unexpectedly; the audio no final covers is kept"));
        }
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
}
