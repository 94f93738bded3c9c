using System.Diagnostics;
using Google.Protobuf;
using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Nvidia.Riva;
using Nvidia.Riva.Asr;
using Xunit.Abstractions;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Word error rate on multi-sentence flite speech, streaming and offline, per voice.</summary>
[Collection(AccuracyCollection.Name)]
public sealed class RecognitionAccuracyTests(AccuracyFixture server, ITestOutputHelper output)
{
    private const double MaxWer = 0.15;

    [Theory]
    [InlineData("awb")]
    [InlineData("rms")]
    [InlineData("kal16")]
    public async Task Streaming_recognition_of_a_paragraph_stays_within_15_percent_wer(string voice)
    {
        var paragraph = await SpeechCorpus.ParagraphAsync(voice);
        var audio = paragraph.Build();

        var clock = Stopwatch.StartNew();
        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(), audio.ToPcmBytes());
        var elapsed = clock.Elapsed;

        var hypothesis = responses.FinalTranscript();
        var wer = WordErrorRate.Compute(paragraph.Transcript, hypothesis);
        output.WriteLine($"streaming {voice}: WER {wer:P1} over {audio.Duration.TotalSeconds:F1} s, RTF {elapsed / audio.Duration:F2}");
        output.WriteLine($"hypothesis: {hypothesis}");
        Assert.True(wer <= MaxWer, $"streaming WER for {voice} was {wer:P1}: '{hypothesis}'");
    }

    [Theory]
    [InlineData("awb")]
    [InlineData("rms")]
    [InlineData("kal16")]
    public async Task Offline_recognition_of_a_paragraph_stays_within_15_percent_wer(string voice)
    {
        var paragraph = await SpeechCorpus.ParagraphAsync(voice);
        var audio = paragraph.Build();
        var request = new RecognizeRequest
        {
            Config = new RecognitionConfig { Encoding = AudioEncoding.LinearPcm, SampleRateHertz = 16000, LanguageCode = "en-US" },
            Audio = ByteString.CopyFrom(audio.ToPcmBytes()),
        };

        var clock = Stopwatch.StartNew();
        var response = await server.Client.RecognizeAsync(request, deadline: DateTime.UtcNow.AddMinutes(10));
        var elapsed = clock.Elapsed;

        var hypothesis = string.Join(' ', response.Results.Select(result => result.Alternatives[0].Transcript));
        var wer = WordErrorRate.Compute(paragraph.Transcript, hypothesis);
        output.WriteLine($"offline {voice}: WER {wer:P1} over {audio.Duration.TotalSeconds:F1} s, RTF {elapsed / audio.Duration:F2}, {response.Results.Count} results");
        output.WriteLine($"hypothesis: {hypothesis}");
        Assert.True(wer <= MaxWer, $"offline WER for {voice} was {wer:P1}: '{hypothesis}'");
        // Same VAD splitting as streaming: roughly one result per sentence, each with audio_processed set.
        Assert.InRange(response.Results.Count, TestSentences.General.Count / 2, TestSentences.General.Count * 2);
        Assert.All(response.Results, result => Assert.InRange(result.AudioProcessed, 0.1f, (float)audio.Duration.TotalSeconds + 0.01f));
    }

    [Fact]
    public async Task Digits_are_transcribed_exactly()
    {
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms");
        var audio = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(), audio.ToPcmBytes());

        Assert.Equal(TestSentences.Digits, responses.FinalTranscript());
    }

    [Fact]
    public async Task Recognize_accepts_a_wav_file_with_extra_chunks_and_echoes_the_request_id()
    {
        var speech = await FliteSpeech.SynthesizeAsync(TestSentences.Digits, "rms");
        var samples = new AudioComposer().AddNoise(300).AddSpeech(speech).AddNoise(800).Build().Samples;
        // A LIST chunk between fmt and data, with an odd length to exercise the pad byte.
        var wav = WavFile.Encode(samples, extraChunks: [("LIST", "INFOISFT\u0005\0\0\0test\0"u8.ToArray())]);
        var request = new RecognizeRequest
        {
            // Encoding and rate left unset: the WAV header supplies them, as Riva's python file client relies on.
            Config = new RecognitionConfig { LanguageCode = "en-US", EnableWordTimeOffsets = true },
            Audio = ByteString.CopyFrom(wav),
            Id = new RequestId { Value = "offline-42" },
        };

        var response = await server.Client.RecognizeAsync(request);

        Assert.Equal("offline-42", response.Id?.Value);
        var result = Assert.Single(response.Results);
        Assert.Equal(TestSentences.Digits, result.Alternatives[0].Transcript);
        Assert.Equal(TestSentences.Digits.Split(' '), result.Alternatives[0].Words.Select(word => word.Word));
        Assert.InRange(result.Alternatives[0].Confidence, 0.01f, 1f);
    }
}
