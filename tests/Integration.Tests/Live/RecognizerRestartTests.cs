using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.RivaLocal.Hosting;
using Hybrid.TestSupport;

namespace Hybrid.Integration.Tests.Live;

/// <summary>
/// The recognizer beside the silo dies and comes back mid-session: the grain reopens the stream,
/// replays the audio no final covered, and the transcript goes on with no final lost or repeated.
/// Uses its own system because it kills that system's recognizer.
/// </summary>
public sealed class RecognizerRestartTests(RecognizerRestartTests.PatientSystem system) : IClassFixture<RecognizerRestartTests.PatientSystem>
{
    private readonly SystemFixture _system = system;

    [Fact]
    public async Task A_recognizer_restart_mid_stream_loses_no_words()
    {
        var (first, firstText, _) = await Speech.BuildAsync(Speech.Conversation[..2], "awb");
        var (second, secondText, _) = await Speech.BuildAsync(Speech.Conversation[2..], "awb");
        await using var client = await HubClient.ConnectAsync(_system, "judy");
        var started = await client.StartAsync();
        var firstFrames = Frames.From(first).ToArray();
        await client.UploadAsync(started.SessionId, firstFrames);
        await client.WaitForAsync<TranscriptMessage>(t => t.IsFinal && t.Text.Contains("march", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(60), "the final of the second sentence");

        var riva = _system.Silo.Riva!;
        var port = riva.Endpoint.Port;
        await riva.DisposeAsync();
        await using var restarted = await RivaLocalHost.StartAsync(new RivaLocalOptions { Port = port, Capacity = 3 });

        await client.UploadAsync(started.SessionId, Frames.From(second, firstSeq: firstFrames.Length));
        await client.StopAsync(started.SessionId);

        var states = client.Statuses.Select(s => s.State).ToArray();
        Assert.Contains(SessionStates.Reconnecting, states);
        Assert.Equal(SessionStates.Stopped, states[^1]);
        var finals = client.Finals;
        var hypothesis = string.Join(' ', finals.Select(f => f.Text));
        var wer = WordErrorRate.Compute(firstText + " " + secondText, hypothesis);
        Assert.True(wer <= 0.20, $"WER {wer:P1}: \"{hypothesis}\"");
        Assert.Equal(finals.Select(f => f.SegmentId).Distinct().Count(), finals.Count);
        var starts = finals.SelectMany(f => f.Words).Select(w => w.StartMs).ToArray();
        Assert.Equal(starts.Order(), starts);
        // The second half's words sit after the first half's audio: times stayed absolute.
        var lastSecondHalfWord = finals[^1].Words[^1];
        Assert.True(lastSecondHalfWord.StartMs > firstFrames.Length * 100, $"{lastSecondHalfWord} should be after {firstFrames.Length * 100} ms");
    }

    /// <summary>Its own system, with an idle timeout long enough to outlast the recognizer restart.</summary>
    public sealed class PatientSystem : SystemFixture
    {
        protected override TimeSpan IdleTimeout => TimeSpan.FromMinutes(2);
    }
}
