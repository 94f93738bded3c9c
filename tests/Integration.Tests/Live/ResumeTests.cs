using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Live;

/// <summary>A client that resumes says which final it has last; the server sends every stored final after it, once.</summary>
[Collection(SystemCollection.Name)]
public sealed class ResumeTests(SystemFixture system)
{
    [Fact]
    public async Task Resuming_with_lastSegmentId_delivers_the_finals_the_client_missed()
    {
        var (pcm, _, _) = await Speech.BuildAsync(["keep every sentence you heard", "and the one you missed"], "rms");
        await using var first = await HubClient.ConnectAsync(system, "sam");
        var started = await first.StartAsync();
        await first.UploadAsync(started.SessionId, Frames.From(pcm));
        var stopped = await first.StopAsync(started.SessionId);
        Assert.True(stopped.Finals >= 2, $"expected two finals, got {stopped.Finals}");
        var expected = first.Finals.ToArray();

        await using var second = await HubClient.ConnectAsync(system, "sam");
        await second.StartAsync(new StartSessionRequest { SessionId = started.SessionId, LastSegmentId = expected[0].SegmentId });
        await second.WaitForAsync<TranscriptMessage>(t => t.SegmentId == expected[^1].SegmentId, TimeSpan.FromSeconds(30), "the missed finals");

        Assert.Equal(expected[1..].Select(f => (f.SegmentId, f.Text)), second.Finals.Select(f => (f.SegmentId, f.Text)));
        await second.StopAsync(started.SessionId);
        Assert.Equal(second.Finals.Count, second.Finals.Select(f => f.SegmentId).Distinct().Count());
    }
}
