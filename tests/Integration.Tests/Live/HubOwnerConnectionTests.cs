using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Integration.Tests.Live.BadInput;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Integration.Tests.Live;

/// <summary>
/// StopSession and StartSession from the typed SignalR client, over JSON and MessagePack: a stop from
/// any connection of the owner answers, and a StartSession the recognizer could not serve is refused
/// before anything exists, also on a connection that already ran a session.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HubOwnerConnectionTests(SystemFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StopSession_answers_on_a_second_connection_that_only_uploaded(bool messagePack)
    {
        await using var owner = await HubClient.ConnectAsync(system, "frank", messagePack);
        await using var uploader = await HubClient.ConnectAsync(system, "frank", messagePack);
        var started = await owner.StartAsync(new StartSessionRequest { Model = "null" });

        await uploader.UploadAsync(started.SessionId, Frames.Silence(5)); // no StartSession on this connection
        var stopped = await uploader.StopAsync(started.SessionId).WaitAsync(Patience);

        Assert.Equal(5, stopped.NextSeq);
        Assert.Equal(500, stopped.AudioReceivedMs);
        await owner.WaitForAsync<SessionStatusMessage>(s => s.State == SessionStates.Stopped, Patience, "the stopped status on the owner's connection");
        Assert.Empty(uploader.Errors);
    }

    [Theory]
    [InlineData(WireFormat.Json)]
    [InlineData(WireFormat.MessagePack)]
    public async Task StopSession_with_the_upload_stream_still_open_counts_every_frame_sent_before_it(WireFormat format)
    {
        // On the raw wire, so "sent before" is exact: the frames precede the StopSession message.
        await using var hub = await RawHubSocket.ConnectAsync(system, "frank", format);
        var started = await hub.InvokeAsync(HubNames.StartSession, new Map { ["model"] = "null" });
        var sessionId = (string)started.ResultField("sessionId")!;
        var upload = hub.NextId();
        await hub.SendAsync(WireCodec.Invocation(format, upload, HubNames.UploadAudio, [sessionId], ["frames"]));
        for (var seq = 0L; seq < 4; seq++)
        {
            await hub.SendAsync(WireCodec.StreamItem(format, "frames", CaseBuilders.Frame(seq, CaseBuilders.Pcm())));
        }

        var stopped = await hub.InvokeAsync(HubNames.StopSession, sessionId); // the stream is still open

        Assert.Null(stopped.Error);
        Assert.Equal(4L, stopped.ResultField("nextSeq"));
        await hub.SendAsync(WireCodec.StreamComplete(format, "frames"));
        Assert.Null((await hub.CompletionAsync(upload)).Error);
    }

    [Theory]
    [InlineData(false, "fr-FR", null, "language 'fr-FR' is not supported")]
    [InlineData(true, "fr-FR", null, "language 'fr-FR' is not supported")]
    [InlineData(false, null, "no-such-model", "model 'no-such-model' is not a streaming model")]
    [InlineData(true, null, "pocketsphinx-en-us-offline", "model 'pocketsphinx-en-us-offline' is not a streaming model")]
    public async Task A_start_the_recognizer_cannot_serve_is_refused_before_anything_exists_on_a_used_connection(
        bool messagePack, string? language, string? model, string mentions)
    {
        await using var client = await HubClient.ConnectAsync(system, "grace", messagePack);
        var first = await client.StartAsync(new StartSessionRequest { Model = "null" });
        await client.UploadAsync(first.SessionId, Frames.Silence(2));
        await client.StopAsync(first.SessionId);
        var eventsBefore = client.Events.Count;
        var refusedId = "refused" + Guid.NewGuid().ToString("N");

        var ex = await Assert.ThrowsAsync<HubException>(() =>
            client.StartAsync(new StartSessionRequest { SessionId = refusedId, Language = language, Model = model }));

        Assert.StartsWith($"{ErrorCodes.InvalidArgument}: {mentions}", ex.Message);
        var missing = await Assert.ThrowsAsync<SessionException>(() => system.Cluster.GetGrain<ISessionGrain>(refusedId).GetSnapshot("grace"));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
        Assert.DoesNotContain(client.Events.Skip(eventsBefore), e => e is SessionStatusMessage s && s.SessionId == refusedId);

        var next = await client.StartAsync(new StartSessionRequest { Model = "null" }); // the connection goes on
        await client.UploadAsync(next.SessionId, Frames.Silence(1));
        Assert.Equal(1, (await client.StopAsync(next.SessionId)).NextSeq);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_null_hotword_is_refused(bool messagePack)
    {
        await using var client = await HubClient.ConnectAsync(system, "grace", messagePack);

        var ex = await Assert.ThrowsAsync<HubException>(() => client.StartAsync(new StartSessionRequest { Hotwords = [null!] }));

        Assert.StartsWith("invalid_argument: hotwords[0]", ex.Message);
    }

    [Theory]
    [InlineData(WireFormat.Json)]
    [InlineData(WireFormat.MessagePack)]
    public async Task Audio_after_stop_is_session_ended_and_a_second_stop_still_answers(WireFormat format)
    {
        await using var hub = await RawHubSocket.ConnectAsync(system, "frank", format);
        var started = await hub.InvokeAsync(HubNames.StartSession, new Map { ["model"] = "null" });
        var sessionId = (string)started.ResultField("sessionId")!;
        Assert.Null((await hub.InvokeAsync(HubNames.StopSession, sessionId)).Error);

        var upload = hub.NextId();
        await hub.SendAsync(WireCodec.Invocation(format, upload, HubNames.UploadAudio, [sessionId], ["late"]));
        await hub.SendAsync(WireCodec.StreamItem(format, "late", CaseBuilders.Frame(0L, CaseBuilders.Pcm())));
        await hub.SendAsync(WireCodec.StreamComplete(format, "late"));

        var refused = await hub.CompletionAsync(upload);
        Assert.StartsWith($"{ErrorCodes.SessionEnded}: ", refused.Error);
        Assert.Contains(hub.Errors, e => e.Code == ErrorCodes.SessionEnded);
        var again = await hub.InvokeAsync(HubNames.StopSession, sessionId);
        Assert.Null(again.Error); // StopSession is idempotent
        Assert.Equal(0L, again.ResultField("nextSeq"));
    }
}
