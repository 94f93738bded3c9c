using System.Text.Json;
using Hybrid.Client;
using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary>
/// A silo process killed with SIGKILL under 20 live sessions: every session that lived there resumes
/// on a survivor through the shared hub client with no final lost or repeated, and every other
/// session stops cleanly.
/// </summary>
[Trait("Category", "Distributed")]
public sealed class SiloKillUnderLoadTests
{
    private const int Sessions = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Every_session_of_a_killed_silo_resumes_and_every_other_session_stops_cleanly()
    {
        // Room for all 20 on the two survivors, whichever silo dies.
        await using var cluster = await ProcessCluster.StartAsync([12, 12, 12]);
        var live = new List<(string User, LiveSession Session, RecordingSink Sink)>();
        using var stopSending = new CancellationTokenSource();
        var sending = new List<Task<long>>();
        try
        {
            for (var i = 0; i < Sessions; i++)
            {
                var user = $"kill9-{i:00}";
                var token = await cluster.TokenAsync(user);
                var sink = new RecordingSink();
                var options = new HubClientOptions(cluster.BaseUri, i % 2 == 0 ? HubProtocolKind.Json : HubProtocolKind.MessagePack, token);
                var session = await LiveSession.StartAsync(options, new StartSessionRequest { Model = "null" }, sink);
                live.Add((user, session, sink));
                sending.Add(session.SendAsync(Noise(), new FramePacer(100), stopSending.Token));
            }

            await SystemFixture.WaitUntilAsync(() => live.All(s => s.Sink.StreamingOn is not null && s.Session.Transcript.Finals.Count > 0),
                Patience, "every session streaming with a first final");

            // Silo-0 holds the membership table; kill whichever other silo hosts more sessions.
            var victim = new[] { "silo-1", "silo-2" }.MaxBy(name => live.Count(s => s.Sink.StreamingOn == name))!;
            var moved = live.Where(s => s.Sink.StreamingOn == victim).ToArray();
            var stayed = live.Except(moved).ToArray();
            Assert.NotEmpty(moved);
            var finalsBefore = moved.ToDictionary(s => s.User, s => s.Session.Transcript.Finals.Count);
            cluster.Silo(victim).Kill();

            await SystemFixture.WaitUntilAsync(
                () => moved.All(s => s.Session.Resumes.Count > 0
                    && s.Sink.StreamingOn is { } silo && silo != victim
                    && s.Session.Transcript.Finals.Count > finalsBefore[s.User] + 1),
                Patience, $"the {moved.Length} sessions of {victim} to stream again on a survivor");
            Assert.All(sending, t => Assert.False(t.IsFaulted, t.Exception?.ToString()));

            stopSending.Cancel();
            await Task.WhenAll(sending);
            var stops = new List<(string User, StopSessionResponse? Result, Exception? Error)>();
            foreach (var (user, session, _) in live)
            {
                using var timeout = new CancellationTokenSource(Patience);
                try
                {
                    stops.Add((user, await session.StopAsync(timeout.Token), null));
                }
                catch (Exception ex) when (ex is HubCallException or HubConnectionException)
                {
                    stops.Add((user, null, ex));
                }
            }

            var failedStops = stops.Where(s => s.Error is not null).Select(s => $"{s.User}: {s.Error!.Message}").ToArray();
            Assert.True(failedStops.Length == 0, $"{failedStops.Length} of {Sessions} stops failed ({stayed.Length} sessions were on survivors):\n" + string.Join('\n', failedStops));

            foreach (var (user, session, sink) in live)
            {
                var stop = stops.Single(s => s.User == user).Result!;
                var held = session.Transcript.Finals;

                // Shown once each, none missing: segment ids 0..n-1, as many as the session produced.
                Assert.Equal(sink.ShownFinals.Distinct().Count(), sink.ShownFinals.Count);
                Assert.Equal(Enumerable.Range(0, held.Count), held.Select(f => f.SegmentId));
                Assert.Equal(stop.Finals, held.Count);
                var server = await ServerFinalsAsync(cluster, user, session.SessionId);
                Assert.Equal(server, held.Select(f => (f.SegmentId, f.Text.Trim())).ToArray());
            }

            Assert.All(moved, s => Assert.NotEqual(victim, s.Sink.StreamingOn));
        }
        finally
        {
            await stopSending.CancelAsync();
            foreach (var (_, session, _) in live)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>The session's finals as the server stored them (REST, live pass).</summary>
    private static async Task<(int SegmentId, string Text)[]> ServerFinalsAsync(ProcessCluster cluster, string user, string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audio/sessions/{sessionId}/transcript?format=json");
        request.Headers.Authorization = new("Bearer", await cluster.TokenAsync(user));
        using var response = await cluster.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"transcript of {sessionId}: HTTP {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("segments").EnumerateArray()
            .Select(s => (s.GetProperty("segmentId").GetInt32(), (s.GetProperty("text").GetString() ?? string.Empty).Trim()))];
    }

    /// <summary>Endless low-level noise frames of 100 ms (the null model only counts samples).</summary>
    private static IEnumerable<byte[]> Noise()
    {
        var random = new Random(7);
        while (true)
        {
            var frame = new byte[3200];
            for (var i = 0; i < frame.Length; i += 2)
            {
                BitConverter.TryWriteBytes(frame.AsSpan(i), (short)random.Next(-200, 200));
            }

            yield return frame;
        }
    }
}
