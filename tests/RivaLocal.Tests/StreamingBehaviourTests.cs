using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Riva streaming semantics: interims, finals, half-close, punctuation, ids, WAV input.</summary>
[Collection(RivaLocalCollection.Name)]
public sealed class StreamingBehaviourTests(RivaLocalFixture server)
{
    [Fact]
    public async Task Interim_results_arrive_before_the_final_of_each_utterance()
    {
        var composer = new AudioComposer().AddNoise(400);
        foreach (var sentence in TestSentences.General.Take(2))
        {
            composer.AddSpeech(await FliteSpeech.SynthesizeAsync(sentence, "rms")).AddNoise(800);
        }

        var responses = await StreamingCall.RunAsync(
            server.Client, StreamingCall.Config(interimResults: true), composer.Build().ToPcmBytes());

        var results = responses.SelectMany(response => response.Results).ToList();
        Assert.Equal(2, results.Count(result => result.IsFinal));
        var interimsSinceFinal = 0;
        foreach (var result in results)
        {
            if (result.IsFinal)
            {
                Assert.True(interimsSinceFinal > 0, "a final arrived without any interim for its utterance");
                Assert.Equal(0f, result.Stability);
                interimsSinceFinal = 0;
            }
            else
            {
                Assert.InRange(result.Stability, 0.01f, 0.99f);
                Assert.NotEmpty(result.Alternatives[0].Transcript);
                Assert.Empty(result.Alternatives[0].Words);
                interimsSinceFinal++;
            }
        }
    }

    [Fact]
    public async Task Without_interim_results_only_finals_are_sent()
    {
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.General[0], "rms");
        var audio = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(interimResults: false), audio.ToPcmBytes());

        Assert.NotEmpty(responses);
        Assert.All(responses.SelectMany(response => response.Results), result => Assert.True(result.IsFinal));
    }

    [Fact]
    public async Task Half_close_flushes_an_utterance_still_in_speech()
    {
        // Trimmed: the audio stops right after the last word, so the VAD never sees the end of speech.
        var speech = (await FliteSpeech.SynthesizeAsync(TestSentences.Short, "awb")).Clip.Trim(marginMs: 0);
        var audio = new AudioComposer().AddNoise(300).AddClip(speech).Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(), audio.ToPcmBytes());

        var final = Assert.Single(responses.Finals());
        Assert.Equal(TestSentences.Short, final.Alternatives[0].Transcript);
        Assert.Equal("friday", final.Alternatives[0].Words[^1].Word);
        Assert.InRange(final.Alternatives[0].Words[^1].EndTime, audio.DurationMs - 700, audio.DurationMs + 10);
        Assert.Equal(audio.Duration.TotalSeconds, final.AudioProcessed, 0.01);
    }

    [Fact]
    public async Task Automatic_punctuation_capitalises_and_ends_finals_while_words_stay_bare()
    {
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms");
        var audio = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build();

        var responses = await StreamingCall.RunAsync(
            server.Client, StreamingCall.Config(punctuation: true, wordTimes: true), audio.ToPcmBytes());

        var final = Assert.Single(responses.Finals());
        Assert.Equal("The order number is five three eight zero one six.", final.Alternatives[0].Transcript);
        Assert.Equal(TestSentences.Digits.Split(' '), final.Alternatives[0].Words.Select(word => word.Word));
    }

    [Fact]
    public async Task Words_are_omitted_unless_word_time_offsets_are_enabled()
    {
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms");
        var audio = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(wordTimes: false), audio.ToPcmBytes());

        var final = Assert.Single(responses.Finals());
        Assert.Empty(final.Alternatives[0].Words);
        Assert.InRange(final.Alternatives[0].Confidence, 0.01f, 1f);
    }

    [Fact]
    public async Task A_wav_file_streamed_in_odd_sized_chunks_is_decoded_like_raw_pcm()
    {
        // Riva's file clients send the file bytes as they are, header included, with no encoding set.
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms");
        var audio = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build();
        var config = StreamingCall.Config(encoding: AudioEncoding.EncodingUnspecified, sampleRate: 0);

        // 3 bytes first (a header split mid-"RIFF"), then 3333-byte chunks that split samples.
        var wav = audio.ToWavBytes();
        using var call = server.Client.StreamingRecognize();
        var reading = StreamingCall.ReadAllAsync(call.ResponseStream, CancellationToken.None);
        await call.RequestStream.WriteAsync(StreamingCall.ConfigRequest(config));
        await call.RequestStream.WriteAsync(StreamingCall.Audio(wav[..3]));
        for (var offset = 3; offset < wav.Length; offset += 3333)
        {
            await call.RequestStream.WriteAsync(StreamingCall.Audio(wav[offset..Math.Min(wav.Length, offset + 3333)]));
        }

        await call.RequestStream.CompleteAsync();
        var responses = await reading;

        // A header read as audio or a sample split across chunks would turn speech into noise.
        Assert.Equal(TestSentences.Digits, responses.FinalTranscript());
    }

    [Fact]
    public async Task The_request_id_is_echoed_on_every_response()
    {
        var audio = new AudioComposer().AddNoise(1500).Build();

        var responses = await StreamingCall.RunAsync(
            server.Client,
            StreamingCall.Config(interimResults: true, model: "null"),
            audio.ToPcmBytes(),
            id: new RequestId { Value = "stream-7" });

        Assert.NotEmpty(responses);
        Assert.All(responses, response => Assert.Equal("stream-7", response.Id?.Value));
    }

    [Fact]
    public async Task Silence_only_audio_yields_no_final()
    {
        var audio = new AudioComposer().AddSilence(500).AddNoise(1500).Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(interimResults: true), audio.ToPcmBytes());

        Assert.Empty(responses.Finals());
        Assert.All(responses.SelectMany(response => response.Results), result => Assert.NotEmpty(result.Alternatives[0].Transcript));
    }
}
