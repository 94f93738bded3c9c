using System.Diagnostics;
using Grpc.Core;
using Hybrid.RivaLocal.Audio;
using Hybrid.RivaLocal.Engines;
using Microsoft.Extensions.Logging;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// Runs one <c>Recognize</c> call: the whole buffer goes through the same VAD-split recognizer as a
/// stream, and each utterance becomes one <c>SpeechRecognitionResult</c>.
/// </summary>
internal sealed partial class OfflineRecognition(
    RecognitionConfigValidator validator,
    RecognizerFactory recognizers,
    OfflineGate gate,
    RpcErrorMapper errors,
    ILogger<OfflineRecognition> logger)
{
    private static long s_lastRequestId;

    public async Task<RecognizeResponse> RecognizeAsync(RecognizeRequest request, ServerCallContext context, CancellationToken cancellationToken)
    {
        var requestId = Interlocked.Increment(ref s_lastRequestId);
        var started = Stopwatch.GetTimestamp();
        var model = "-";
        var status = StatusCode.OK;
        var samples = Array.Empty<short>();
        var results = 0;
        try
        {
            var validated = validator.Validate(request.Config, RecognitionMode.Offline);
            model = validated.Model.Name;
            samples = OfflineAudio.ToSamples(request.Audio.Span, validated.SampleRate);

            using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                var updates = Decode(validated.Model, samples, cancellationToken);
                var formatter = new ResultFormatter(validated);
                var response = new RecognizeResponse { Id = request.Id };
                foreach (var update in updates)
                {
                    response.Results.Add(formatter.ToOfflineResult(update));
                }

                results = response.Results.Count;
                return response;
            }
        }
        catch (Exception exception)
        {
            var rpc = errors.Map(exception, context, nameof(RivaSpeechRecognition.RivaSpeechRecognitionBase.Recognize));
            status = rpc.StatusCode;
            throw rpc;
        }
        finally
        {
            LogRecognized(requestId, status, model, Stopwatch.GetElapsedTime(started).TotalMilliseconds, AudioFormat.ToSeconds(samples.Length), results);
        }
    }

    private List<RecognitionUpdate> Decode(ModelDescriptor model, short[] samples, CancellationToken cancellationToken)
    {
        var updates = new List<RecognitionUpdate>();
        using var recognizer = recognizers.Create(model, interimResults: false);
        for (var offset = 0; offset < samples.Length; offset += AudioFormat.SamplesPerChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(AudioFormat.SamplesPerChunk, samples.Length - offset);
            recognizer.Accept(samples.AsSpan(offset, count), updates);
        }

        recognizer.Complete(updates);
        return updates;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Recognize {RequestId} ended {Status} after {DurationMs:F0} ms: model {Model}, {AudioSeconds:F2} s audio, {Results} results")]
    private partial void LogRecognized(long requestId, StatusCode status, string model, double durationMs, double audioSeconds, int results);
}
