using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>
/// The recognizer becomes unreachable in the middle of a spoken sentence (every connection reset, new
/// ones refused, on the real gRPC wire) while a client keeps speaking in real time. Within
/// <c>Asr:MaxOutage</c> the outage costs nothing: the client sees <c>reconnecting</c> then
/// <c>streaming</c>, every frame is accepted, and after the replay every sentence is transcribed with
/// absolute word times.
/// </summary>
public sealed class OutageTests(ProxiedSystem system) : IClassFixture<ProxiedSystem>
{
    [Theory]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(60)]
    public async Task An_outage_mid_utterance_loses_no_word(int outageSeconds)
    {
        var (pcm, _, durationMs) = await Speech.ConversationAsync();
        var (_, _, firstSentenceMs) = await Speech.BuildAsync(Speech.Conversation[..1], "awb");
        var (_, _, lastSentenceStartMs) = await Speech.BuildAsync(Speech.Conversation[..^1], "awb");
        var frames = Frames.From(pcm).ToArray();
        // 1.2 s into the second sentence: the recognizer holds a half-decoded utterance when it goes.
        var outageAt = (firstSentenceMs + 1200) / 100;
        var refusedBefore = system.Proxy.RefusedConnections;

        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, $"outage-{outageSeconds}");
        var started = await client.StartAsync();
        await PacedUpload.RunAsync(client, started.SessionId, frames, i =>
        {
            if (i == outageAt)
            {
                system.Proxy.Outage(TimeSpan.FromSeconds(outageSeconds));
            }

            return true;
        });

        // Recovered: a "streaming" status after the (last) "reconnecting" one.
        await SystemFixture.WaitUntilAsync(() => IsStreamingAfterReconnecting(client.Statuses),
            TimeSpan.FromSeconds(outageSeconds + 180), "streaming again after reconnecting");
        var stop = await client.StopAsync(started.SessionId);

        Assert.True(system.Proxy.RefusedConnections > refusedBefore, "the silo never met the outage");
        Assert.Empty(client.Errors);
        Assert.Equal(frames.Length, stop.NextSeq);
        Assert.Equal(SessionStates.Stopped, client.Statuses[^1].State);
        var finals = client.Finals;
        TranscriptAssert.Complete(finals, Speech.Conversation, durationMs);
        // Times are absolute across the replay: the last sentence's words sit where it was spoken.
        var lastWord = finals[^1].Words[^1];
        Assert.True(lastWord.StartMs >= lastSentenceStartMs - 300, $"{lastWord} should be after {lastSentenceStartMs} ms");
    }

    [Fact]
    public async Task A_stalled_recognizer_holds_back_no_frame_and_loses_no_word()
    {
        var (pcm, _, durationMs) = await Speech.ConversationAsync();
        var (_, _, firstSentenceMs) = await Speech.BuildAsync(Speech.Conversation[..1], "awb");
        var frames = Frames.From(pcm).ToArray();
        var stallAt = (firstSentenceMs + 1200) / 100;

        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, "stalled");
        var started = await client.StartAsync();
        try
        {
            // The connection stays open but carries nothing: the rest of the speech (about 10 s, far
            // more than HTTP/2's flow-control window) must still be taken by the hub and the grain.
            await PacedUpload.RunAsync(client, started.SessionId, frames, i =>
            {
                if (i == stallAt)
                {
                    system.Proxy.Stall();
                }

                return true;
            });
            Assert.True(system.Proxy.Stalled);
        }
        finally
        {
            system.Proxy.Resume();
        }

        var stop = await client.StopAsync(started.SessionId);

        Assert.Empty(client.Errors);
        Assert.Equal(frames.Length, stop.NextSeq);
        Assert.Equal(SessionStates.Stopped, client.Statuses[^1].State);
        TranscriptAssert.Complete(client.Finals, Speech.Conversation, durationMs);
    }

    private static bool IsStreamingAfterReconnecting(IReadOnlyList<SessionStatusMessage> statuses)
    {
        var states = statuses.Select(s => s.State).ToList();
        var lastReconnecting = states.LastIndexOf(SessionStates.Reconnecting);
        return lastReconnecting >= 0 && states.Skip(lastReconnecting + 1).Contains(SessionStates.Streaming);
    }
}
