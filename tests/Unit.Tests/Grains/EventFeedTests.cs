using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Live;

namespace Hybrid.Unit.Tests.Grains;

/// <summary>The session's event feed: kept for the first consumer, handed over to the next, numbered.</summary>
public sealed class EventFeedTests
{
    private static readonly StatusEvent Streaming = new(0, "streaming", "silo", "asr", null);

    [Fact]
    public void Events_published_before_the_first_consumer_wait_for_it()
    {
        var feed = new EventFeed();
        feed.Open();
        feed.Publish(Final(0));
        feed.Publish(Final(1));

        var reader = feed.Claim(Streaming, keepOpen: true);

        Assert.Equal([1L, 2L], Drain(reader).Select(e => e.Id));
        Assert.Equal(2, feed.LastEventId);
    }

    [Fact]
    public void A_new_consumer_gets_the_status_then_what_the_old_one_never_read()
    {
        var feed = new EventFeed();
        feed.Open();
        var first = feed.Claim(Streaming, keepOpen: true);
        feed.Publish(new StatusEvent(0, "reconnecting", "silo", "asr", null));
        feed.Publish(Final(7));

        var second = feed.Claim(Streaming, keepOpen: true);

        Assert.True(first.Completion.IsCompleted); // the old consumer's feed ended, its unread events moved on
        var events = Drain(second);
        Assert.IsType<StatusEvent>(events[0]);
        Assert.Equal(7, Assert.IsType<TranscriptEvent>(Assert.Single(events.Skip(1))).SegmentId);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void An_ended_session_answers_with_its_status_and_ends_the_feed()
    {
        var feed = new EventFeed();
        var reader = feed.Claim(new StatusEvent(0, "stopped", "silo", "asr", null), keepOpen: false);

        Assert.Equal("stopped", Assert.IsType<StatusEvent>(Assert.Single(Drain(reader))).State);
        Assert.True(reader.Completion.IsCompleted);
        Assert.False(feed.IsOpen);
    }

    private static TranscriptEvent Final(int segmentId) => new(0, segmentId, true, "w", 1f, [], 0);

    private static List<SessionEvent> Drain(System.Threading.Channels.ChannelReader<SessionEvent> reader)
    {
        var events = new List<SessionEvent>();
        while (reader.TryRead(out var item))
        {
            events.Add(item);
        }

        return events;
    }
}
