using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Live;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hybrid.Unit.Tests.Grains;

/// <summary>The segment log on the real local blob store: appends, reads back, and continues after a restart.</summary>
public sealed class SegmentLogTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "segment-log-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ServiceProvider _services;
    private readonly IBlobStore _blobs;

    public SegmentLogTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hybrid:DataDirectory"] = _data }).Build();
        _services = new ServiceCollection().AddLogging().AddBlobStore(configuration).BuildServiceProvider();
        _blobs = _services.GetRequiredService<IBlobStore>();
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Appended_finals_read_back_in_order_across_pages_and_after_a_restart()
    {
        var state = new SessionState();
        var log = new SegmentLog(_blobs);
        await AppendAsync(log, state, 0, 60);

        // A new activation: a fresh log object over the same state continues the half-full page.
        var again = new SegmentLog(_blobs);
        await AppendAsync(again, state, 60, 70);

        Assert.Equal(Enumerable.Range(0, 70), (await again.ReadAsync("u", "s", state)).Select(s => s.SegmentId));
        Assert.Equal(Enumerable.Range(0, 70), (await new SegmentLog(_blobs).ReadAsync("u", "s", state)).Select(s => s.SegmentId));
        Assert.Equal(Enumerable.Range(41, 29), (await again.ReadAsync("u", "s", state, afterId: 40)).Select(s => s.SegmentId));
        Assert.Equal(3, state.PageEndMs.Count);
        Assert.Equal(70_000, state.PageEndMs[^1]);
        Assert.NotNull(await _blobs.HeadAsync(ObjectKeys.SegmentPage("u", "s", 2)));

        // A time range reads the pages that may hold it, and at least every segment inside it.
        var range = await again.ReadAsync("u", "s", state, fromMs: 30_000, toMs: 32_000);
        Assert.Contains(range, s => s.SegmentId == 30);
        Assert.Contains(range, s => s.SegmentId == 31);
        Assert.DoesNotContain(range, s => s.SegmentId < 25);
    }

    [Fact]
    public async Task A_segment_written_but_never_counted_is_ignored_and_overwritten()
    {
        var state = new SessionState();
        var log = new SegmentLog(_blobs);
        await AppendAsync(log, state, 0, 3);
        // The page got segment 3, then the process died before the state counted it.
        await log.AppendAsync("u", "s", state, [Segment(3, "lost")]);

        var restarted = new SegmentLog(_blobs);
        Assert.Equal([0, 1, 2], (await restarted.ReadAsync("u", "s", state)).Select(s => s.SegmentId));
        await restarted.AppendAsync("u", "s", state, [Segment(3, "kept")]);
        state.NextSegmentId = 4;
        var read = await new SegmentLog(_blobs).ReadAsync("u", "s", state);
        Assert.Equal("kept", read[^1].Text);
        Assert.Equal(4, read.Count);
    }

    private static async Task AppendAsync(SegmentLog log, SessionState state, int from, int to)
    {
        for (var id = from; id < to; id++)
        {
            await log.AppendAsync("u", "s", state, [Segment(id, $"w{id}")]);
            state.NextSegmentId = id + 1;
        }
    }

    private static TranscriptSegment Segment(int id, string text) =>
        new(id, text, [new WordTiming(text, id * 1000, id * 1000 + 500, 1f)], 1f, (id + 1) * 1000L);
}
