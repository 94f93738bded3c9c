using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.TestSupport;

namespace Hybrid.Integration.Tests.Live;

/// <summary>The real .NET SignalR client → gateway → session grain → RivaLocal over gRPC, end to end.</summary>
[Collection(SystemCollection.Name)]
public sealed class LiveTranscriptionTests(SystemFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_recording_is_transcribed_with_partials_first_and_every_final_before_stop_returns(bool messagePack)
    {
        var (pcm, text, durationMs) = await Speech.ConversationAsync();
        await using var client = await HubClient.ConnectAsync(system, "alice", messagePack);

        var started = await client.StartAsync(new StartSessionRequest { InterimResults = true, WordTimeOffsets = true });
        Assert.Equal(16000, started.SampleRate);
        Assert.Equal(100, started.FrameMs);
        Assert.Equal(0, started.NextSeq);

        var frames = Frames.From(pcm).ToArray();
        await client.UploadAsync(started.SessionId, frames);
        var stopped = await client.StopAsync(started.SessionId);

        // Everything below was received before StopSession returned: nothing may arrive later.
        var events = client.Events;
        var finals = client.Finals;
        var hypothesis = string.Join(' ', finals.Select(f => f.Text));
        var wer = WordErrorRate.Compute(text, hypothesis);
        Assert.True(wer <= 0.20, $"WER {wer:P1} over 20 %: \"{hypothesis}\"");
        Assert.Equal(text.Split(' ')[^1], WordErrorRate.Normalize(hypothesis)[^1]);

        var firstPartial = events.ToList().FindIndex(e => e is TranscriptMessage { IsFinal: false });
        var firstFinal = events.ToList().FindIndex(e => e is TranscriptMessage { IsFinal: true });
        Assert.True(firstPartial >= 0 && firstPartial < firstFinal, "a partial should arrive before the first final");
        Assert.Equal(SessionStates.Stopped, client.Statuses[^1].State);
        Assert.Equal("rivalocal-it", client.Statuses[^1].AsrEndpoint);

        // Word times are absolute, increasing and inside the audio.
        var words = finals.SelectMany(f => f.Words).ToArray();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.InRange(w.StartMs, 0, durationMs));
        Assert.All(words, w => Assert.True(w.EndMs >= w.StartMs));
        Assert.Equal(words.Select(w => w.StartMs).Order(), words.Select(w => w.StartMs));
        Assert.Equal(Enumerable.Range(0, finals.Count), finals.Select(f => f.SegmentId));
        Assert.Equal(finals.Count, stopped.Finals);
        Assert.Equal(frames.Length, stopped.NextSeq);
        Assert.Equal(pcm.Length / 32, stopped.AudioReceivedMs);
    }

    [Fact]
    public async Task Stop_without_trailing_silence_still_delivers_the_last_word()
    {
        var (pcm, text, _) = await Speech.BuildAsync(["the last words must never be lost"], "rms");
        // Cut right after the speech: no pause for the recognizer's endpointing to notice.
        var trimmed = new AudioClip(WavFile.Parse(new AudioClip(ToSamples(pcm)).ToWavBytes(), out _).Samples).Trim(marginMs: 0).ToPcmBytes();
        await using var client = await HubClient.ConnectAsync(system, "alice");
        var started = await client.StartAsync();

        await client.UploadAsync(started.SessionId, Frames.From(trimmed));
        await client.StopAsync(started.SessionId);

        var hypothesis = string.Join(' ', client.Finals.Select(f => f.Text));
        Assert.Contains("lost", WordErrorRate.Normalize(hypothesis));
        Assert.True(WordErrorRate.Compute(text, hypothesis) <= 0.3, hypothesis);
    }

    private static short[] ToSamples(byte[] pcm)
    {
        var samples = new short[pcm.Length / 2];
        Buffer.BlockCopy(pcm, 0, samples, 0, pcm.Length);
        return samples;
    }
}
