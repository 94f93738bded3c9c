using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>
/// Writes on the result path (here: the pages of the session's segment log in blob storage) fail. A brief
/// failure is retried and costs nothing; a lasting one fails the session with a coded error instead
/// of wedging it, and frees its recognizer slot and stream.
/// </summary>
public sealed class ResultPathFailureTests(ProxiedSystem system) : IClassFixture<ProxiedSystem>
{
    private static bool IsSegmentPage(string key) => key.Contains("/transcriptions/segments/", StringComparison.Ordinal);

    [Fact]
    public async Task A_failing_result_write_fails_the_session_with_a_coded_error_and_frees_the_slot()
    {
        const string user = "sink-broken";
        var (pcm, _, _) = await Speech.ConversationAsync();
        var api = await ApiClient.ForAsync(system, user);
        var sessionId = await api.CreateRecordingAsync(); // its finals go to the segment log
        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, user);
        system.Blobs.FailWrites(IsSegmentPage);
        try
        {
            await client.StartAsync(new StartSessionRequest { SessionId = sessionId });
            await client.UploadAsync(sessionId, Frames.From(pcm));
            var error = await client.WaitForAsync<ErrorMessage>(e => e.SessionId == sessionId, TimeSpan.FromMinutes(3), "an error");
            await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Failed, TimeSpan.FromMinutes(1), "failed");

            Assert.Equal(ErrorCodes.Internal, error.Code);
            Assert.DoesNotContain("segments", error.Message, StringComparison.Ordinal); // nothing internal leaks
            Assert.True(system.Blobs.FailedWrites >= 3, $"{system.Blobs.FailedWrites} failed writes: the write was not retried");
            await SystemFixture.WaitUntilAsync(() => system.Slots.InUse == 0, TimeSpan.FromMinutes(1), "the slot released");
            await SystemFixture.WaitUntilAsync(() => system.Recognizer.ActiveStreams == 0, TimeSpan.FromMinutes(1), "the recognizer stream freed");
            var snapshot = await system.Cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot(user);
            Assert.Equal(SessionStates.Failed, snapshot.State);
        }
        finally
        {
            system.Blobs.Heal();
        }

        // The session answers Stop, and the freed slot takes a new session.
        await client.StopAsync(sessionId);
        var next = await client.StartAsync();
        await client.WaitForAsync<SessionStatusMessage>(s => s.SessionId == next.SessionId && s.State == SessionStates.Streaming,
            TimeSpan.FromMinutes(1), "the new session streaming");
        await client.StopAsync(next.SessionId);
    }

    [Fact]
    public async Task A_result_write_that_fails_once_is_retried_and_no_final_is_lost_or_repeated()
    {
        const string user = "sink-flaky";
        var (pcm, _, durationMs) = await Speech.ConversationAsync();
        var api = await ApiClient.ForAsync(system, user);
        var sessionId = await api.CreateRecordingAsync();
        await system.WaitForRecognizerAsync(TimeSpan.FromMinutes(1));
        await using var client = await HubClient.ConnectAsync(system, user);
        var failedBefore = system.Blobs.FailedWrites;
        system.Blobs.FailWrites(IsSegmentPage, times: 1);
        try
        {
            await client.StartAsync(new StartSessionRequest { SessionId = sessionId });
            await client.UploadAsync(sessionId, Frames.From(pcm));
            await client.StopAsync(sessionId);
        }
        finally
        {
            system.Blobs.Heal();
        }

        Assert.Equal(failedBefore + 1, system.Blobs.FailedWrites);
        Assert.Empty(client.Errors);
        Assert.Equal(SessionStates.Stopped, client.Statuses[^1].State);
        TranscriptAssert.Complete(client.Finals, Speech.Conversation, durationMs);
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot(user);
        Assert.Equal(client.Finals.Select(f => f.SegmentId), snapshot.Finals.Select(f => f.SegmentId));
    }
}
