using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Xunit.Abstractions;

namespace Hybrid.Integration.Tests.Sessions;

/// <summary>
/// A two-hour session (null model, frames pushed as fast as the system takes them) keeps its grain
/// state small and writes to storage in proportion to its length, not to its length squared.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class BoundedStateTests(InstrumentedSystemFixture system, ITestOutputHelper output)
{
    private const int FramesPerMinute = 600; // 100 ms frames
    private const int MaxStateBytes = 16 * 1024;

    [Fact]
    public async Task A_two_hour_session_keeps_its_state_under_16_KB_and_its_writes_linear()
    {
        await using var client = await HubClient.ConnectAsync(system, "bo", messagePack: true);
        var started = await client.StartAsync(new StartSessionRequest { Model = "null", InterimResults = false });
        var id = started.SessionId;
        // A recording with the same id: live.json and the manifest are written for this session too.
        var api = await ApiClient.ForAsync(system, "bo");
        Assert.Equal(id, await api.CreateRecordingAsync(id, chunkSeconds: 5));

        var checkpoints = new List<(int Minutes, long Bytes, long Writes, long StateBytes)> { (0, system.Blobs.BytesWritten, system.Blobs.Writes, 0) };
        var sent = 0;
        foreach (var minutes in new[] { 30, 60, 120 })
        {
            var until = minutes * FramesPerMinute;
            await client.UploadAsync(id, Frames.Silence(until - sent, firstSeq: sent));
            sent = until;
            // The null model returns a final per second of audio: wait for the last one of this phase.
            var lastFinal = minutes * 60 - 1;
            await client.WaitForAsync<TranscriptMessage>(t => t.IsFinal && t.SegmentId == lastFinal, TimeSpan.FromMinutes(10), $"final {lastFinal}");
            checkpoints.Add((minutes, system.Blobs.BytesWritten, system.Blobs.Writes, system.SessionStateBytes(id)));
        }

        var stopped = await client.StopAsync(id);
        Assert.Equal(120 * 60, stopped.Finals);
        var stateAfterStop = system.SessionStateBytes(id);

        // Every final is still there, in order, through the reader over the segment log.
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(id).GetSnapshot("bo");
        Assert.Equal(Enumerable.Range(0, 120 * 60), snapshot.Finals.Select(f => f.SegmentId));
        Assert.Equal(Enumerable.Range(71_990, 10).Select(n => $"w{n}"), snapshot.Finals[^1].Words.Select(w => w.Word));

        // Bytes written per minute of audio in each interval; each state write is counted at the
        // state's size at the end of its interval (an upper bound, the state only grows).
        var rates = new List<double>();
        for (var i = 1; i < checkpoints.Count; i++)
        {
            var (minutes, bytes, writes, stateBytes) = checkpoints[i];
            var previous = checkpoints[i - 1];
            var finals = (minutes - previous.Minutes) * 60L;
            var rate = (bytes - previous.Bytes + finals * stateBytes) / (double)(minutes - previous.Minutes);
            rates.Add(rate);
            output.WriteLine($"{previous.Minutes}-{minutes} min: blobs {bytes - previous.Bytes} B in {writes - previous.Writes} writes, " +
                $"state {stateBytes} B x {finals} writes, {rate:F0} B per minute of audio");
        }

        output.WriteLine($"state after stop: {stateAfterStop} B");
        Assert.All(checkpoints.Skip(1), c => Assert.True(c.StateBytes < MaxStateBytes, $"state {c.StateBytes} B at {c.Minutes} min"));
        Assert.True(stateAfterStop < MaxStateBytes, $"state {stateAfterStop} B after stop");
        // Linear: the rate of the last hour stays within a generous factor of the first half hour's
        // (rewriting everything per final, as before, grows it about fourfold and more).
        Assert.True(rates[1] <= 2 * rates[0] && rates[2] <= 2 * rates[0], $"bytes per minute grew: {string.Join(", ", rates.Select(r => r.ToString("F0")))}");
    }
}
