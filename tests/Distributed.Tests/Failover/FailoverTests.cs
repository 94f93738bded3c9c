using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary>Sessions outlive the silo and the gateway they started on; no final is lost or repeated.</summary>
[Trait("Category", "Distributed")]
public sealed class FailoverTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_continues_on_a_surviving_silo_when_its_silo_goes_away(bool killed)
    {
        // The second silo has more room, so placement puts the session there; then it leaves.
        await using var cluster = await LocalCluster.StartAsync([1, 4]);
        await cluster.WaitForCapacityReportsAsync(2);
        var (pcm, text, _) = await Speech.ConversationAsync();
        var frames = Frames.From(pcm).ToArray();
        var half = frames.Length / 2;
        await using var client = await HubClient.ConnectAsync(cluster.BaseUri, await cluster.TokenAsync("kate"));
        var started = await SessionPlacement.StartOnAsync(client, "silo-1");
        await client.UploadAsync(started.SessionId, frames[..half]);
        await client.WaitForAsync<TranscriptMessage>(t => t.IsFinal, TimeSpan.FromSeconds(60), "a first final");

        if (killed)
        {
            await cluster.KillSiloAsync(1);
        }
        else
        {
            await cluster.StopSiloAsync(1);
        }

        // The client keeps sending; the session, now on silo-0, asks it to resume from its last final.
        var moved = await Assert.ThrowsAsync<HubException>(() => client.UploadAsync(started.SessionId, frames[half..]));
        Assert.StartsWith("resume_required:", moved.Message);
        var resumed = await client.StartAsync(new StartSessionRequest { SessionId = started.SessionId });
        Assert.InRange(resumed.NextSeq, 1, half);
        await client.UploadAsync(started.SessionId, frames[(int)resumed.NextSeq..]);
        var stopped = await client.StopAsync(started.SessionId);

        var states = client.Statuses.Where(s => s.SessionId == started.SessionId).Select(s => (s.State, s.Silo)).ToArray();
        var reconnecting = Array.FindIndex(states, s => s.State == SessionStates.Reconnecting);
        Assert.True(reconnecting >= 0, "the client should see the session reconnecting");
        Assert.Contains(states[reconnecting..], s => s == (SessionStates.Streaming, "silo-0"));
        var finals = client.Finals.Where(f => f.SessionId == started.SessionId).ToArray();
        Assert.Equal(finals.Length, finals.Select(f => f.SegmentId).Distinct().Count());
        var hypothesis = string.Join(' ', finals.Select(f => f.Text));
        var wer = WordErrorRate.Compute(text, hypothesis);
        Assert.True(wer <= 0.20, $"WER {wer:P1}: \"{hypothesis}\"");
        var starts = finals.SelectMany(f => f.Words).Select(w => w.StartMs).ToArray();
        Assert.Equal(starts.Order(), starts);
        Assert.Equal(frames.Length, stopped.NextSeq);
    }

    [Fact]
    public async Task A_client_resumes_through_another_gateway_after_its_gateway_restarts()
    {
        await using var cluster = await LocalCluster.StartAsync([4]);
        var second = await cluster.AddGatewayAsync();
        await cluster.WaitForCapacityReportsAsync(1);
        var (pcm, text, _) = await Speech.ConversationAsync();
        var frames = Frames.From(pcm).ToArray();
        var half = frames.Length / 2;
        var token = await cluster.TokenAsync("liam");

        var first = await HubClient.ConnectAsync(cluster.BaseUri, token);
        var started = await first.StartAsync();
        await first.UploadAsync(started.SessionId, frames[..half]);
        await cluster.StopGatewayAsync(0);
        var beforeRestart = first.Finals.ToArray();
        await first.DisposeAsync();

        await using var again = await HubClient.ConnectAsync(second, token);
        var resumed = await again.StartAsync(new StartSessionRequest { SessionId = started.SessionId });
        Assert.Equal(half, resumed.NextSeq);
        await again.UploadAsync(started.SessionId, frames[half..]);
        var stopped = await again.StopAsync(started.SessionId);

        Assert.Equal(frames.Length, stopped.NextSeq);
        var all = beforeRestart.Concat(again.Finals).GroupBy(f => f.SegmentId).Select(g => g.First()).OrderBy(f => f.SegmentId).ToArray();
        Assert.Equal(stopped.Finals, all.Length);
        var wer = WordErrorRate.Compute(text, string.Join(' ', all.Select(f => f.Text)));
        Assert.True(wer <= 0.20, $"WER {wer:P1}");
    }
}
