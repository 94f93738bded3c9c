using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Hybrid.Storage.Blobs;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Integration.Tests.Sessions;

/// <summary>A session whose results cannot be stored fails with a coded error; it never wedges or keeps its slot.</summary>
[Collection(SessionsCollection.Name)]
public sealed class SessionFailureTests(InstrumentedSystemFixture system)
{
    [Fact]
    public async Task A_final_that_cannot_be_stored_fails_the_session_with_a_code_and_frees_its_slot()
    {
        await using var client = await HubClient.ConnectAsync(system, "fay");
        var started = await client.StartAsync(new StartSessionRequest { Model = "null", InterimResults = false });
        var inUse = system.Slots.InUse;
        Assert.True(inUse >= 1);
        system.Blobs.FailWrites(key => key.Contains($"/{started.SessionId}/", StringComparison.Ordinal), error: BlobStorageError.AccessDenied);
        try
        {
            // Three seconds of audio: the null model answers with a final per second. The session may
            // fail while frames are still on their way; those are then refused as for any ended session.
            try
            {
                await client.UploadAsync(started.SessionId, Frames.Silence(30));
            }
            catch (HubException ex) when (ex.Message.StartsWith(ErrorCodes.SessionEnded + ":", StringComparison.Ordinal))
            {
            }

            // Frames refused after the failure are reported as session_ended; the failure itself is internal.
            var error = await client.WaitForAsync<ErrorMessage>(e => e.SessionId == started.SessionId && e.Code != ErrorCodes.SessionEnded,
                TimeSpan.FromSeconds(60), "the error");
            Assert.Equal(ErrorCodes.Internal, error.Code);
            await client.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Failed, TimeSpan.FromSeconds(60), "failed");
        }
        finally
        {
            system.Blobs.Heal();
        }

        await SystemFixture.WaitUntilAsync(() => system.Slots.InUse == inUse - 1, TimeSpan.FromSeconds(30), "the slot to be released");
        Assert.Empty(client.Finals); // nothing a client saw was lost: it never saw the final that could not be stored
        var stopped = await client.StopAsync(started.SessionId).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, stopped.Finals);

        // The user's live quota was given back too: a new session starts and works.
        var next = await client.StartAsync(new StartSessionRequest { Model = "null", InterimResults = false });
        await client.UploadAsync(next.SessionId, Frames.Silence(20));
        Assert.Equal(2, (await client.StopAsync(next.SessionId)).Finals);
    }
}
