using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Integration.Tests.Live.BadInput;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Live;

/// <summary>
/// Every row of the bad-input table, over JSON and over MessagePack, on a bare WebSocket speaking the
/// hub protocol to the real gateway and silo: the exact coded answer, then proof that the connection
/// (or, after a close, a new one) and a good session still work, and that a refused StartSession
/// created nothing.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HubBadInputTests(SystemFixture system)
{
    private const string Unknown = "nosuchsession123";

    public static TheoryData<string, WireFormat> Cases()
    {
        var data = new TheoryData<string, WireFormat>();
        foreach (var name in BadInputCases.ByName.Keys)
        {
            data.Add(name, WireFormat.Json);
            data.Add(name, WireFormat.MessagePack);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_coded_answer_and_breaks_nothing(string name, WireFormat format)
    {
        var row = BadInputCases.ByName[name];
        var user = format == WireFormat.Json ? "badinput-json" : "badinput-msgpack";
        var hub = await RawHubSocket.ConnectAsync(system, user, format);
        try
        {
            var (answer, codes) = row.ExpectedFor(format);
            switch (row.Kind)
            {
                case CaseKind.Start:
                    await StartAsync(hub, user, row, answer, codes);
                    break;
                case CaseKind.Call:
                    Expect(await hub.InvokeAsync(row.Target, row.Arguments), answer, codes, row.Mentions);
                    break;
                case CaseKind.Frames:
                    await FramesAsync(hub, row, codes);
                    break;
                case CaseKind.Raw:
                    hub = await RawAsync(hub, user, row, answer, codes);
                    break;
            }

            await AssertStillWorksAsync(hub, goodSession: row.Kind != CaseKind.Frames);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    private async Task StartAsync(RawHubSocket hub, string user, BadInputCase row, Answer answer, string[] codes)
    {
        // A request object gets a fresh session id (unless the case is about the id), so we can look for it afterwards.
        var arguments = row.Arguments.ToArray();
        string? sessionId = null;
        if (arguments is [Map request] && !request.Any(p => p.Key == "sessionId"))
        {
            sessionId = "bi" + Guid.NewGuid().ToString("N");
            arguments[0] = new Map { ["sessionId"] = sessionId }.Concat(request).Aggregate(new Map(), (m, p) => { m[p.Key] = p.Value; return m; });
        }

        var slotsBefore = system.Slots.InUse;
        var completion = await hub.InvokeAsync("StartSession", arguments);
        Expect(completion, answer, codes, row.Mentions);
        if (answer == Answer.Success)
        {
            var stop = await hub.InvokeAsync("StopSession", completion.ResultField("sessionId"));
            Assert.Null(stop.Error);
            return;
        }

        // Refused: nothing was created.
        Assert.True(system.Slots.InUse <= slotsBefore, $"a refused StartSession took a recognizer slot ({slotsBefore} -> {system.Slots.InUse})");
        if (sessionId is not null)
        {
            var missing = await Assert.ThrowsAsync<SessionException>(() => system.Cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot(user));
            Assert.Equal(ErrorCodes.NotFound, missing.Code);
        }

        Assert.DoesNotContain(hub.Received, m => m.Target == HubNames.SessionStatus);
    }

    private static async Task FramesAsync(RawHubSocket hub, BadInputCase row, string[] codes)
    {
        var sessionId = await StartGoodAsync(hub);
        var upload = hub.NextId();
        var stream = hub.NextId();
        await hub.SendAsync(WireCodec.Invocation(hub.Format, upload, "UploadAudio", [sessionId], [stream]));
        foreach (var item in row.Items)
        {
            await hub.SendAsync(WireCodec.StreamItem(hub.Format, stream, item));
        }

        for (var seq = 0L; seq < 3; seq++)
        {
            await hub.SendAsync(WireCodec.StreamItem(hub.Format, stream, CaseBuilders.Frame(seq, CaseBuilders.Pcm())));
        }

        await hub.SendAsync(WireCodec.StreamComplete(hub.Format, stream));
        var uploaded = await hub.CompletionAsync(upload);
        Assert.Null(uploaded.Error); // the stream went on after every bad frame

        var stopped = await hub.InvokeAsync("StopSession", sessionId);
        Assert.Null(stopped.Error);
        Assert.Equal(3L, stopped.ResultField("nextSeq")); // exactly the three good frames counted
        Assert.Equal(codes, hub.Errors.Select(e => e.Code).ToArray());
        Assert.All(hub.Errors, e => Assert.DoesNotContain("Exception", e.Message));
    }

    private async Task<RawHubSocket> RawAsync(RawHubSocket hub, string user, BadInputCase row, Answer answer, string[] codes)
    {
        await hub.SendAsync(row.Bytes!(hub.Format), row.BinaryFrame);
        switch (answer)
        {
            case Answer.Close:
                var reason = await hub.ClosedAsync();
                Assert.NotNull(reason);
                Assert.StartsWith(codes[0] + ": ", reason);
                Assert.Contains(row.Mentions ?? string.Empty, reason);
                await hub.DisposeAsync();
                return await RawHubSocket.ConnectAsync(system, user, hub.Format); // a new connection works
            case Answer.Completion or Answer.Success:
                Expect(await hub.CompletionAsync("raw"), answer, codes, row.Mentions);
                return hub;
            default:
                return hub; // nothing to wait for: the liveness check below shows the message changed nothing
        }
    }

    private static void Expect(RawMessage completion, Answer answer, string[] codes, string? mentions)
    {
        if (answer == Answer.Success)
        {
            Assert.Null(completion.Error);
            return;
        }

        Assert.Equal(Answer.Completion, answer);
        Assert.NotNull(completion.Error);
        Assert.StartsWith(codes[0] + ": ", completion.Error);
        Assert.Contains(mentions ?? string.Empty, completion.Error);
        Assert.DoesNotContain("Exception", completion.Error);
    }

    /// <summary>The connection still answers, and (unless the case already ran one) a good session still runs on it.</summary>
    private static async Task AssertStillWorksAsync(RawHubSocket hub, bool goodSession)
    {
        var probe = await hub.InvokeAsync("StopSession", Unknown);
        Assert.Equal("not_found: no such session", probe.Error);
        if (!goodSession)
        {
            return;
        }

        var sessionId = await StartGoodAsync(hub);
        var upload = hub.NextId();
        var stream = hub.NextId();
        await hub.SendAsync(WireCodec.Invocation(hub.Format, upload, "UploadAudio", [sessionId], [stream]));
        await hub.SendAsync(WireCodec.StreamItem(hub.Format, stream, CaseBuilders.Frame(0L, CaseBuilders.Pcm())));
        await hub.SendAsync(WireCodec.StreamComplete(hub.Format, stream));
        Assert.Null((await hub.CompletionAsync(upload)).Error);
        var stopped = await hub.InvokeAsync("StopSession", sessionId);
        Assert.Null(stopped.Error);
        Assert.Equal(1L, stopped.ResultField("nextSeq"));
    }

    /// <summary>Starts a session on the null model (no decoding: the case is about the hub, not speech).</summary>
    private static async Task<string> StartGoodAsync(RawHubSocket hub)
    {
        var started = await hub.InvokeAsync("StartSession", new Map { ["model"] = "null" });
        Assert.Null(started.Error);
        return Assert.IsType<string>(started.ResultField("sessionId"));
    }
}
