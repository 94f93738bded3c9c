using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Xunit.Abstractions;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Word start/end times on finals, in ms from the start of the stream.</summary>
[Collection(RivaLocalCollection.Name)]
public sealed class WordTimingTests(RivaLocalFixture server, ITestOutputHelper output)
{
    private const int ToleranceMs = 300;

    [Fact]
    public async Task Word_times_are_ordered_within_the_audio_and_utterances_start_where_speech_was_placed()
    {
        var first = (await FliteSpeech.SynthesizeAsync(TestSentences.General[1], "awb")).Clip.Trim();
        var second = (await FliteSpeech.SynthesizeAsync(TestSentences.General[6], "awb")).Clip.Trim();
        // Leading digital silence then low noise: both used to trigger false VAD starts at threshold 2.0.
        var composer = new AudioComposer()
            .AddSilence(1000).AddNoise(500)
            .AddClip(first, TestSentences.General[1])
            .AddNoise(1200)
            .AddClip(second, TestSentences.General[6])
            .AddNoise(800);
        var audio = composer.Build();

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(), audio.ToPcmBytes());

        var finals = responses.Finals().ToList();
        var words = finals.SelectMany(result => result.Alternatives[0].Words).ToList();
        output.WriteLine(string.Join(", ", words.Select(word => $"{word.Word} {word.StartTime}-{word.EndTime}")));
        Assert.Equal(2, finals.Count);
        Assert.NotEmpty(words);
        var previousEnd = 0;
        foreach (var word in words)
        {
            Assert.True(word.StartTime >= previousEnd, $"'{word.Word}' starts at {word.StartTime} ms before the previous word ended ({previousEnd} ms)");
            Assert.True(word.EndTime >= word.StartTime, $"'{word.Word}' ends ({word.EndTime}) before it starts ({word.StartTime})");
            Assert.InRange(word.EndTime, 0, audio.DurationMs);
            Assert.InRange(word.Confidence, 0f, 1f);
            previousEnd = word.EndTime;
        }

        // Each utterance's first word starts where its clip was placed (the clips are trimmed to the speech).
        for (var i = 0; i < finals.Count; i++)
        {
            var expectedMs = (int)composer.ClipStarts[i].TotalMilliseconds;
            var actualMs = finals[i].Alternatives[0].Words[0].StartTime;
            Assert.InRange(actualMs, expectedMs - ToleranceMs, expectedMs + ToleranceMs);
        }

        // And the last word of each utterance ends near the end of its clip.
        var firstClipEndMs = (int)composer.ClipStarts[0].TotalMilliseconds + first.DurationMs;
        Assert.InRange(finals[0].Alternatives[0].Words[^1].EndTime, firstClipEndMs - ToleranceMs, firstClipEndMs + ToleranceMs);
    }
}
