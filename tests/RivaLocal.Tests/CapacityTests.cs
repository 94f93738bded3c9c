using Grpc.Core;
using Grpc.Net.Client;
using Hybrid.RivaLocal.Hosting;
using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Stream slots: taken at the accepted config, released however the stream ends.</summary>
public sealed class CapacityTests(SmallCapacityFixture server) : IClassFixture<SmallCapacityFixture>
{
    [Fact]
    public async Task Streams_beyond_capacity_are_refused_and_a_cancelled_stream_frees_its_slot()
    {
        var speech = new AudioComposer()
            .AddNoise(300)
            .AddSpeech(await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms"))
            .AddNoise(800)
            .Build()
            .ToPcmBytes();
        using var cancelFirst = new CancellationTokenSource();
        using var first = server.Client.StreamingRecognize(cancellationToken: cancelFirst.Token);
        using var second = server.Client.StreamingRecognize();

        // A PocketSphinx stream in mid-speech and a null-model stream hold the two slots.
        await OpenAsync(first, StreamingCall.Config(interimResults: true), speech[..(StreamingCall.ChunkBytes * 15)]);
        await OpenAsync(second, StreamingCall.Config(interimResults: true, model: "null"), new byte[StreamingCall.ChunkBytes]);
        Assert.Equal(SmallCapacityFixture.StreamSlots, server.Host.ActiveStreams);

        var refused = await StreamingCall.ExpectFailureAsync(
            server.Client,
            StreamingCall.ConfigRequest(StreamingCall.Config(model: "null")),
            StreamingCall.Audio(new byte[StreamingCall.ChunkBytes]));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains($"all {SmallCapacityFixture.StreamSlots} streams are busy", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(SmallCapacityFixture.StreamSlots, server.Host.ActiveStreams);

        // The client walks away mid-utterance: its slot (and decoder) must come back.
        await cancelFirst.CancelAsync();
        await Eventually.TrueAsync(() => server.Host.ActiveStreams == 1, "the cancelled stream released its slot");

        using var third = server.Client.StreamingRecognize();
        await OpenAsync(third, StreamingCall.Config(interimResults: true), speech[..(StreamingCall.ChunkBytes * 15)]);
        Assert.Equal(SmallCapacityFixture.StreamSlots, server.Host.ActiveStreams);
        await third.RequestStream.WriteAsync(StreamingCall.Audio(speech[(StreamingCall.ChunkBytes * 15)..]));

        await second.RequestStream.CompleteAsync();
        await third.RequestStream.CompleteAsync();
        var thirdResponses = await StreamingCall.ReadAllAsync(third.ResponseStream, CancellationToken.None);
        await StreamingCall.ReadAllAsync(second.ResponseStream, CancellationToken.None);
        await Eventually.TrueAsync(() => server.Host.ActiveStreams == 0, "completed streams released their slots");

        // The reused decoder still recognises speech after the previous owner vanished mid-utterance.
        Assert.Equal(TestSentences.Digits, thirdResponses.FinalTranscript());
    }

    [Fact]
    public async Task A_rejected_config_does_not_take_a_slot()
    {
        var config = StreamingCall.Config();
        config.Config.SampleRateHertz = 44100;

        var error = await StreamingCall.ExpectFailureAsync(server.Client, StreamingCall.ConfigRequest(config));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(0, server.Host.ActiveStreams);
    }

    [Fact]
    public async Task A_decoder_cap_below_capacity_refuses_extra_pocketsphinx_streams_but_not_null_ones()
    {
        var options = new RivaLocalOptions { Port = 0, Capacity = 3, MaxOfflineConcurrency = 1, MaxDecoders = 1 };
        await using var host = await RivaLocalHost.StartAsync(options);
        using var channel = GrpcChannel.ForAddress(host.Endpoint);
        var client = new RivaSpeechRecognition.RivaSpeechRecognitionClient(channel);
        using var holder = client.StreamingRecognize();
        await OpenAsync(holder, StreamingCall.Config(interimResults: true, model: "null"), new byte[StreamingCall.ChunkBytes]);
        using var decoding = client.StreamingRecognize();
        await decoding.RequestStream.WriteAsync(StreamingCall.ConfigRequest(StreamingCall.Config()));
        await decoding.RequestStream.WriteAsync(StreamingCall.Audio(new byte[StreamingCall.ChunkBytes]));
        await Eventually.TrueAsync(() => host.ActiveStreams == 2, "the decoding stream holds a slot");

        var refused = await StreamingCall.ExpectFailureAsync(
            client, StreamingCall.ConfigRequest(StreamingCall.Config()), StreamingCall.Audio(new byte[StreamingCall.ChunkBytes]));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("all 1 PocketSphinx decoders are busy", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, host.ActiveStreams);
        await decoding.RequestStream.CompleteAsync();
        await holder.RequestStream.CompleteAsync();
        await StreamingCall.ReadAllAsync(decoding.ResponseStream, CancellationToken.None);
        await StreamingCall.ReadAllAsync(holder.ResponseStream, CancellationToken.None);
        await Eventually.TrueAsync(() => host.ActiveStreams == 0, "all slots are released");
    }

    /// <summary>Sends config and audio, and waits for the first response: proof the server accepted the stream.</summary>
    private static async Task OpenAsync(
        AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> call,
        StreamingRecognitionConfig config,
        byte[] audio)
    {
        await call.RequestStream.WriteAsync(StreamingCall.ConfigRequest(config));
        for (var offset = 0; offset < audio.Length; offset += StreamingCall.ChunkBytes)
        {
            await call.RequestStream.WriteAsync(StreamingCall.Audio(audio[offset..Math.Min(audio.Length, offset + StreamingCall.ChunkBytes)]));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "the stream ended without a response");
    }
}
