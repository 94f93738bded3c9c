using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Hybrid.RivaLocal.Audio;
using Hybrid.RivaLocal.Engines;
using Hybrid.RivaLocal.Hosting;
using Microsoft.Extensions.Logging;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// Runs one <c>StreamingRecognize</c> call: config first, then audio; results are written as they
/// appear and the last utterance is flushed at half-close (Riva's streaming state machine, which clients of the Riva wire expect).
/// </summary>
internal sealed partial class StreamingRecognitionSession(
    RecognitionConfigValidator validator,
    RecognizerFactory recognizers,
    StreamCapacity capacity,
    RpcErrorMapper errors,
    ILogger<StreamingRecognitionSession> logger)
{
    private static long s_lastStreamId;

    private readonly List<RecognitionUpdate> _updates = [];
    private PcmStreamDecoder? _audio;
    private IStreamingRecognizer? _recognizer;
    private ResultFormatter? _formatter;
    private RequestId? _requestId;
    private int _finals;
    private int _interims;

    public async Task RunAsync(
        IAsyncStreamReader<StreamingRecognizeRequest> requests,
        IServerStreamWriter<StreamingRecognizeResponse> responses,
        ServerCallContext context,
        CancellationToken cancellationToken)
    {
        var streamId = Interlocked.Increment(ref s_lastStreamId);
        var started = Stopwatch.GetTimestamp();
        var model = "-";
        var status = StatusCode.OK;
        StreamSlot? slot = null;
        try
        {
            var first = await ReadFirstAsync(requests, cancellationToken).ConfigureAwait(false);
            var config = first.StreamingConfig;
            _requestId = first.Id;
            var validated = validator.Validate(config.Config, RecognitionMode.Online);
            model = validated.Model.Name;

            // The slot is held from the accepted config to the end of the call, whatever ends it.
            slot = capacity.TryAcquire() ?? throw new RpcException(new Status(
                StatusCode.ResourceExhausted, $"all {capacity.Capacity} streams are busy; retry later"));
            _recognizer = recognizers.Create(validated.Model, config.InterimResults);
            _audio = new PcmStreamDecoder(validated.SampleRate);
            _formatter = new ResultFormatter(validated);
            LogStarted(streamId, model, config.InterimResults, validated.WordTimeOffsets, capacity.Active, capacity.Capacity);

            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var request = requests.Current;
                _requestId = request.Id ?? _requestId;
                switch (request.StreamingRequestCase)
                {
                    case StreamingRecognizeRequest.StreamingRequestOneofCase.StreamingConfig:
                        throw new RpcException(new Status(
                            StatusCode.InvalidArgument,
                            "streaming_config may only be sent in the first message of a stream; later messages must carry audio_content"));
                    case StreamingRecognizeRequest.StreamingRequestOneofCase.AudioContent:
                        ProcessAudio(request.AudioContent);
                        await WriteUpdatesAsync(responses, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        // A message with only runtime_config/id carries no audio; nothing to do.
                        break;
                }
            }

            // Half-close: flush the utterance in progress, even if the VAD still hears speech.
            Finish();
            await WriteUpdatesAsync(responses, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var rpc = errors.Map(exception, context, nameof(RivaSpeechRecognition.RivaSpeechRecognitionBase.StreamingRecognize));
            status = rpc.StatusCode;
            throw rpc;
        }
        finally
        {
            var audioSeconds = AudioFormat.ToSeconds(_recognizer?.SamplesProcessed ?? 0);
            _recognizer?.Dispose();
            slot?.Dispose();
            LogEnded(streamId, status, model, Stopwatch.GetElapsedTime(started).TotalMilliseconds, audioSeconds, _finals, _interims);
        }
    }

    private static async Task<StreamingRecognizeRequest> ReadFirstAsync(
        IAsyncStreamReader<StreamingRecognizeRequest> requests, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                "the stream ended without a streaming_config; the first StreamingRecognizeRequest must carry streaming_config"));
        }

        var first = requests.Current;
        return first.StreamingRequestCase switch
        {
            StreamingRecognizeRequest.StreamingRequestOneofCase.StreamingConfig => first,
            StreamingRecognizeRequest.StreamingRequestOneofCase.AudioContent => throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                "audio_content arrived before streaming_config; the first StreamingRecognizeRequest must carry streaming_config")),
            _ => throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                "the first StreamingRecognizeRequest must carry streaming_config")),
        };
    }

    private void ProcessAudio(ByteString audio)
    {
        var samples = _audio!.Decode(audio.Span);
        // Always hand the message to the engine, even when it completed no sample: the null model
        // answers per message.
        _recognizer!.Accept(samples, _updates);
    }

    private void Finish()
    {
        var tail = _audio!.Flush();
        if (!tail.IsEmpty)
        {
            _recognizer!.Accept(tail, _updates);
        }

        _recognizer!.Complete(_updates);
    }

    private async Task WriteUpdatesAsync(IServerStreamWriter<StreamingRecognizeResponse> responses, CancellationToken cancellationToken)
    {
        foreach (var update in _updates)
        {
            var response = new StreamingRecognizeResponse { Results = { _formatter!.ToStreamingResult(update) } };
            if (_requestId is not null)
            {
                response.Id = _requestId;
            }

            await responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
            if (update.IsFinal)
            {
                _finals++;
            }
            else
            {
                _interims++;
            }
        }

        _updates.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stream {StreamId} started: model {Model}, interim {InterimResults}, word times {WordTimes}, {Active}/{Capacity} streams active")]
    private partial void LogStarted(long streamId, string model, bool interimResults, bool wordTimes, int active, int capacity);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stream {StreamId} ended {Status} after {DurationMs:F0} ms: model {Model}, {AudioSeconds:F2} s audio, {Finals} finals, {Interims} interims")]
    private partial void LogEnded(long streamId, StatusCode status, string model, double durationMs, double audioSeconds, int finals, int interims);
}
