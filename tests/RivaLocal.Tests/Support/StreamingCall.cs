using Google.Protobuf;
using Grpc.Core;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests.Support;

/// <summary>Drives StreamingRecognize the way Riva clients do: config, audio chunks as fast as possible, half-close.</summary>
internal static class StreamingCall
{
    /// <summary>100 ms of 16 kHz PCM16.</summary>
    public const int ChunkBytes = 3200;

    public static StreamingRecognitionConfig Config(
        bool interimResults = false,
        bool wordTimes = true,
        bool punctuation = false,
        string model = "",
        AudioEncoding encoding = AudioEncoding.LinearPcm,
        int sampleRate = 16000) => new()
    {
        InterimResults = interimResults,
        Config = new RecognitionConfig
        {
            Encoding = encoding,
            SampleRateHertz = sampleRate,
            LanguageCode = "en-US",
            MaxAlternatives = 1,
            EnableWordTimeOffsets = wordTimes,
            EnableAutomaticPunctuation = punctuation,
            Model = model,
        },
    };

    /// <summary>Streams <paramref name="audio"/> and returns every response in arrival order.</summary>
    public static async Task<List<StreamingRecognizeResponse>> RunAsync(
        RivaSpeechRecognition.RivaSpeechRecognitionClient client,
        StreamingRecognitionConfig config,
        byte[] audio,
        int chunkBytes = ChunkBytes,
        RequestId? id = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var call = client.StreamingRecognize(cancellationToken: timeout.Token);
        var reading = ReadAllAsync(call.ResponseStream, timeout.Token);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { StreamingConfig = config, Id = id });
        for (var offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            var count = Math.Min(chunkBytes, audio.Length - offset);
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { AudioContent = ByteString.CopyFrom(audio, offset, count) });
        }

        await call.RequestStream.CompleteAsync();
        return await reading;
    }

    /// <summary>
    /// Sends the given requests and returns the status the server ended the call with;
    /// fails the test if the call succeeds.
    /// </summary>
    public static async Task<RpcException> ExpectFailureAsync(
        RivaSpeechRecognition.RivaSpeechRecognitionClient client, params StreamingRecognizeRequest[] requests)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var call = client.StreamingRecognize(cancellationToken: timeout.Token);
        try
        {
            foreach (var request in requests)
            {
                await call.RequestStream.WriteAsync(request);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The server may end the call before we finish writing; its status is read below.
        }

        return await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(call.ResponseStream, timeout.Token));
    }

    public static async Task<List<StreamingRecognizeResponse>> ReadAllAsync(
        IAsyncStreamReader<StreamingRecognizeResponse> responses, CancellationToken cancellationToken)
    {
        var all = new List<StreamingRecognizeResponse>();
        while (await responses.MoveNext(cancellationToken))
        {
            all.Add(responses.Current);
        }

        return all;
    }

    public static IEnumerable<StreamingRecognitionResult> Finals(this IEnumerable<StreamingRecognizeResponse> responses) =>
        responses.SelectMany(response => response.Results).Where(result => result.IsFinal);

    /// <summary>The whole-stream transcript: all finals joined, as Riva clients build it.</summary>
    public static string FinalTranscript(this IEnumerable<StreamingRecognizeResponse> responses) =>
        string.Join(' ', responses.Finals().Select(result => result.Alternatives[0].Transcript));

    public static StreamingRecognizeRequest Audio(byte[] bytes) => new() { AudioContent = ByteString.CopyFrom(bytes) };

    public static StreamingRecognizeRequest ConfigRequest(StreamingRecognitionConfig config) => new() { StreamingConfig = config };
}
