using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.Storage.Keys;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>
/// An outage longer than <c>Asr:MaxOutage</c> (5 s here) ends the session cleanly: a coded error, the
/// status <c>failed</c>, the recognizer slot free again, and every byte of audio no final covers stored
/// as a WAV under the session's prefix for a later pass.
/// </summary>
public sealed class OutageLimitTests(OutageLimitTests.ImpatientSystem system) : IClassFixture<OutageLimitTests.ImpatientSystem>
{
    [Fact]
    public async Task An_outage_past_MaxOutage_fails_cleanly_and_keeps_the_uncovered_audio()
    {
        const string user = "outage-limit";
        var (pcm, _, _) = await Speech.ConversationAsync();
        var (_, _, firstSentenceMs) = await Speech.BuildAsync(Speech.Conversation[..1], "awb");
        var frames = Frames.From(pcm).ToArray();
        var outageAt = (firstSentenceMs + 1200) / 100;

        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, user);
        var started = await client.StartAsync();
        try
        {
            // Speak on until the session reports the failure; the recognizer stays away until then.
            await PacedUpload.RunAsync(client, started.SessionId, frames, i =>
            {
                if (i == outageAt)
                {
                    system.Proxy.Refuse();
                    system.Proxy.ResetAll();
                }

                return !client.Statuses.Any(s => s.State == SessionStates.Failed);
            });
        }
        catch (HubException ex) when (ex.Message.StartsWith(ErrorCodes.SessionEnded, StringComparison.Ordinal))
        {
            // A frame sent as the session failed: refused, as it must be.
        }
        finally
        {
            system.Proxy.Accept();
        }

        var failed = await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Failed, TimeSpan.FromMinutes(2), "failed");
        var error = Assert.Single(client.Errors, e => e.Code == ErrorCodes.AsrUnavailable);
        Assert.Contains("kept", error.Message, StringComparison.Ordinal);
        Assert.True(client.Events.ToList().IndexOf(error) < client.Events.ToList().IndexOf(failed), "the error comes before the failed status");
        Assert.Contains(SessionStates.Reconnecting, client.Statuses.Select(s => s.State));

        // The slot is free again, at this silo and at the recognizer.
        await SystemFixture.WaitUntilAsync(() => system.Slots.InUse == 0, TimeSpan.FromMinutes(1), "the slot released");
        await SystemFixture.WaitUntilAsync(() => system.Recognizer.ActiveStreams == 0, TimeSpan.FromMinutes(1), "the recognizer stream freed");
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot(user);
        Assert.Equal(SessionStates.Failed, snapshot.State);

        // Exactly the audio no final covers: from the end of the last final's audio to the last frame accepted.
        var kept = await LiveAudioAsync(user, started.SessionId);
        var coveredMs = client.Finals.Count == 0 ? 0 : client.Finals[^1].AudioProcessedMs;
        Assert.InRange(kept.StartMs, Math.Max(0, coveredMs - 99), coveredMs);
        Assert.Equal(pcm.AsSpan((int)kept.StartMs * 32, (int)(snapshot.AudioMs - kept.StartMs) * 32).ToArray(), kept.Pcm);

        // Stop answers on the failed session, and a new session gets the freed slot.
        var stop = await client.StopAsync(started.SessionId);
        Assert.Equal(snapshot.NextSeq, stop.NextSeq);
        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        var next = await client.StartAsync();
        await client.WaitForAsync<SessionStatusMessage>(s => s.SessionId == next.SessionId && s.State == SessionStates.Streaming,
            TimeSpan.FromMinutes(1), "the new session streaming");
        await client.StopAsync(next.SessionId);
    }

    [Fact]
    public async Task A_stop_during_an_outage_past_MaxOutage_ends_failed_with_all_the_audio_kept()
    {
        const string user = "outage-stop";
        var (pcm, _, _) = await Speech.ConversationAsync();
        var frames = Frames.From(pcm).ToArray();

        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, user);
        var started = await client.StartAsync();
        await client.UploadAsync(started.SessionId, frames[..40]);
        system.Proxy.Refuse();
        system.Proxy.ResetAll();
        StopSessionResponse stop;
        try
        {
            await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Reconnecting, TimeSpan.FromMinutes(1), "reconnecting");
            await client.UploadAsync(started.SessionId, frames[40..]);
            stop = await client.StopAsync(started.SessionId); // waits for the drain, which the outage ends
        }
        finally
        {
            system.Proxy.Accept();
        }

        Assert.Equal(frames.Length, stop.NextSeq);
        Assert.Single(client.Errors, e => e.Code == ErrorCodes.AsrUnavailable);
        await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Failed, TimeSpan.FromMinutes(1), "failed");
        Assert.DoesNotContain(SessionStates.Stopped, client.Statuses.Select(s => s.State));
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot(user);
        Assert.Equal(SessionStates.Failed, snapshot.State);
        await SystemFixture.WaitUntilAsync(() => system.Slots.InUse == 0, TimeSpan.FromMinutes(1), "the slot released");

        var kept = await LiveAudioAsync(user, started.SessionId);
        var coveredMs = client.Finals.Count == 0 ? 0 : client.Finals[^1].AudioProcessedMs;
        Assert.InRange(kept.StartMs, Math.Max(0, coveredMs - 99), coveredMs);
        Assert.Equal(pcm.AsSpan((int)kept.StartMs * 32).ToArray(), kept.Pcm);
    }

    /// <summary>The WAV blobs of kept live audio, joined in time order (they must be contiguous).</summary>
    private async Task<(long StartMs, byte[] Pcm)> LiveAudioAsync(string user, string sessionId)
    {
        var prefix = ObjectKeys.SessionPrefix(user, sessionId) + "audio/";
        var page = await system.Blobs.ListAsync(prefix, pageSize: 1000);
        var keys = page.Items.Select(i => i.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Matches(@"/audio/live-\d{9}\.wav$", k));
        var startMs = long.Parse(keys[0][^13..^4], System.Globalization.CultureInfo.InvariantCulture);
        var pcm = new List<byte>();
        foreach (var key in keys)
        {
            Assert.Equal(ObjectKeys.LiveAudio(user, sessionId, startMs + pcm.Count / 32), key);
            var blob = await system.Blobs.GetAsync(key);
            var clip = WavFile.Parse(blob!.Data, out var sampleRate);
            Assert.Equal(16000, sampleRate);
            pcm.AddRange(clip.ToPcmBytes());
        }

        return (startMs, pcm.ToArray());
    }

    /// <summary>A system whose sessions wait at most 5 s for a lost recognizer.</summary>
    public sealed class ImpatientSystem : ProxiedSystem
    {
        protected override TimeSpan MaxOutage => TimeSpan.FromSeconds(5);
    }
}
