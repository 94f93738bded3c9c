using Google.Protobuf;
using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Nvidia.Riva;
using Nvidia.Riva.Asr;
using Xunit.Abstractions;

namespace Hybrid.RivaLocal.Tests;

/// <summary>
/// One user's audio never changes another's transcript: a pooled decoder starts every stream from the
/// same state, whatever it decoded before.
/// </summary>
[Collection(SingleDecoderCollection.Name)]
public sealed class DecoderIsolationTests(SingleDecoderFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task A_clip_decodes_to_the_same_words_and_times_whatever_the_decoder_heard_before()
    {
        var target = await TargetAsync();
        var baseline = await DecodeStreamingAsync(target);
        output.WriteLine($"baseline: {baseline}");
        Assert.NotEmpty(baseline);

        // Other voices, a long recording and a much quieter one: each moves an adaptive normaliser far
        // from where a fresh decoder starts.
        foreach (var history in await HistoriesAsync())
        {
            await DecodeStreamingAsync(history);
            var again = await DecodeStreamingAsync(target);
            output.WriteLine($"after {history.DurationMs} ms of other audio: {again}");
            Assert.Equal(baseline, again);
        }
    }

    [Fact]
    public async Task Recognize_after_other_streams_returns_what_a_stream_of_the_same_clip_returns()
    {
        var target = await TargetAsync();
        var streamed = await DecodeStreamingAsync(target);

        foreach (var history in await HistoriesAsync())
        {
            await DecodeStreamingAsync(history);
            Assert.Equal(streamed, await DecodeOfflineAsync(target));
        }
    }

    private static async Task<AudioClip> TargetAsync()
    {
        var composer = new AudioComposer().AddNoise(300);
        composer.AddSpeech(await FliteSpeech.SynthesizeAsync(TestSentences.General[1], "awb")).AddNoise(700);
        composer.AddSpeech(await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms")).AddNoise(800);
        return composer.Build();
    }

    private static async Task<IReadOnlyList<AudioClip>> HistoriesAsync()
    {
        // Over 8 s of speech, so the estimate is also re-weighted mid-utterance (sphinxbase's CMN_WIN_HWM).
        var kal = new AudioComposer(noiseSeed: 7).AddNoise(300);
        foreach (var sentence in TestSentences.General.Skip(4))
        {
            kal.AddSpeech(await FliteSpeech.SynthesizeAsync(sentence, "kal16")).AddNoise(500);
        }

        var slt = await FliteSpeech.SynthesizeAsync(TestSentences.General[3], "slt");
        var quiet = new AudioComposer(noiseSeed: 99)
            .AddNoise(300, amplitude: 3)
            .AddClip(Scale(slt.Clip, 0.08))
            .AddNoise(600, amplitude: 3)
            .Build();
        return [kal.Build(), quiet];
    }

    private static AudioClip Scale(AudioClip clip, double gain) =>
        new([.. clip.Samples.Select(sample => (short)Math.Round(sample * gain))]);

    private async Task<string> DecodeStreamingAsync(AudioClip audio)
    {
        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(), audio.ToPcmBytes());
        return Describe(responses.Finals().Select(result => result.Alternatives[0]));
    }

    private async Task<string> DecodeOfflineAsync(AudioClip audio)
    {
        var request = new RecognizeRequest
        {
            Config = new RecognitionConfig
            {
                Encoding = AudioEncoding.LinearPcm,
                SampleRateHertz = AudioClip.SampleRate,
                LanguageCode = "en-US",
                EnableWordTimeOffsets = true,
            },
            Audio = ByteString.CopyFrom(audio.ToPcmBytes()),
        };
        var response = await server.Client.RecognizeAsync(request, deadline: DateTime.UtcNow.AddMinutes(10));
        return Describe(response.Results.Select(result => result.Alternatives[0]));
    }

    // Every word with its times, utterance by utterance: two decodes agree only if all of it does.
    private static string Describe(IEnumerable<SpeechRecognitionAlternative> finals) =>
        string.Join(" | ", finals.Select(final =>
            string.Join(' ', final.Words.Select(word => $"{word.Word}@{word.StartTime}-{word.EndTime}"))));
}
