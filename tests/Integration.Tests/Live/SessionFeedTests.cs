using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Orleans.Runtime;

namespace Hybrid.Integration.Tests.Live;

/// <summary>
/// The grain-level contract the gateway relies on: the <c>IAsyncEnumerable</c> event feed does not
/// block the grain, errors inside it reach the caller, and finals survive the activation.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SessionFeedTests(SystemFixture system)
{
    private static readonly LiveSessionOptions Options = new("en-US", null, true, true, true, [], 16000);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Other_calls_run_while_a_consumer_waits_on_the_feed()
    {
        var id = "feed-" + Guid.NewGuid().ToString("N");
        var grain = system.Cluster.GetGrain<ISessionGrain>(id);
        await grain.Start("frank", Options);
        await using var feed = grain.Events("frank").GetAsyncEnumerator();
        // Read what Start published (starting, streaming); after that the consumer has to wait.
        do
        {
            Assert.True(await feed.MoveNextAsync().AsTask().WaitAsync(Patience));
        }
        while (feed.Current is not StatusEvent { State: SessionStates.Streaming });

        var waiting = feed.MoveNextAsync().AsTask(); // nothing more to read yet: the consumer now waits

        var calls = Enumerable.Range(0, 100).Select(_ => grain.GetSnapshot("frank")).ToArray();
        var snapshots = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.All(snapshots, s => Assert.Equal(id, s.SessionId));
        Assert.False(waiting.IsCompleted);
        await grain.Stop("frank");
        // Stop publishes its statuses and then ends the feed; the waiting consumer sees all of it.
        var states = new List<string>();
        var more = await waiting.WaitAsync(Patience);
        while (more)
        {
            if (feed.Current is StatusEvent status)
            {
                states.Add(status.State);
            }

            more = await feed.MoveNextAsync().AsTask().WaitAsync(Patience);
        }

        Assert.Equal([SessionStates.Draining, SessionStates.Stopped], states);
    }

    [Fact]
    public async Task An_error_thrown_inside_the_feed_reaches_the_consumer()
    {
        var id = "feed-" + Guid.NewGuid().ToString("N");
        var grain = system.Cluster.GetGrain<ISessionGrain>(id);
        await grain.Start("grace", Options);

        var ex = await Assert.ThrowsAsync<SessionException>(async () =>
        {
            await foreach (var _ in grain.Events("not-grace"))
            {
            }
        }).WaitAsync(Patience);

        Assert.Equal(ErrorCodes.NotFound, ex.Code);
        await grain.Stop("grace");
    }

    [Fact]
    public async Task Finals_and_owner_are_persisted_and_survive_the_activation()
    {
        var (pcm, _, _) = await Speech.BuildAsync(["keep this sentence safe on disk"], "awb");
        var id = "persist-" + Guid.NewGuid().ToString("N");
        var grain = system.Cluster.GetGrain<ISessionGrain>(id);
        await grain.Start("heidi", Options);
        var frames = Frames.From(pcm).Select(f => new PcmFrame(f.Seq, f.Pcm)).ToArray();
        await grain.PushAudio("heidi", frames);
        await grain.Stop("heidi");
        var before = await grain.GetSnapshot("heidi");
        Assert.NotEmpty(before.Finals);

        // Collect every idle activation: the next call activates the session afresh from storage.
        await system.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await grain.GetSnapshot("heidi");

        Assert.Equal("stopped", after.State);
        Assert.Equal(before.NextSeq, after.NextSeq);
        Assert.Equal(before.Finals.Select(f => f.Text), after.Finals.Select(f => f.Text));
        Assert.Equal(before.Finals.SelectMany(f => f.Words).Select(w => w.StartMs), after.Finals.SelectMany(f => f.Words).Select(w => w.StartMs));
        var ex = await Assert.ThrowsAsync<SessionException>(() => grain.GetSnapshot("ivan"));
        Assert.Equal(ErrorCodes.NotFound, ex.Code);
    }
}
