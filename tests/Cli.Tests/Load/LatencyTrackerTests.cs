using Hybrid.Cli.Load;

namespace Hybrid.Cli.Tests.Load;

public sealed class LatencyTrackerTests
{
    // Frame i covers audio [100 i, 100 i + 100) and is sent at t = 100 i (real-time pacing).
    private static LatencyTracker SendFrames(int count, Func<int, double>? sentAt = null, int lastFrameMs = 100)
    {
        var tracker = new LatencyTracker();
        for (var i = 0; i < count; i++)
        {
            var end = i == count - 1 ? i * 100 + lastFrameMs : (i + 1) * 100;
            tracker.FrameSent(sentAt?.Invoke(i) ?? i * 100, i * 100, end);
        }

        return tracker;
    }

    [Fact]
    public void Each_frame_is_acknowledged_by_the_first_event_that_covers_it()
    {
        var tracker = SendFrames(10);
        for (var i = 0; i < 10; i++)
        {
            // Frame i comes back 20 + i ms after it was sent.
            tracker.TranscriptReceived(i * 100 + 20 + i, isFinal: false, audioProcessedMs: (i + 1) * 100, []);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => 20.0 + i), tracker.FrameLatencies);
        var summary = LatencySummary.From(tracker.FrameLatencies);
        Assert.Equal(24, summary.P50);
        Assert.Equal(29, summary.P95);
        Assert.Equal(29, summary.Max);
    }

    [Fact]
    public void One_event_acknowledges_every_frame_it_covers_against_each_send_time()
    {
        var tracker = SendFrames(5);

        // Nothing for a while, then one event covering frames 0-3 (3.5 frames' audio: frame 3 is not complete).
        tracker.TranscriptReceived(450, false, 350, []);
        tracker.TranscriptReceived(520, false, 500, []);

        Assert.Equal([450.0, 350.0, 250.0, 220.0, 120.0], tracker.FrameLatencies);
    }

    [Fact]
    public void Later_events_do_not_acknowledge_a_frame_twice()
    {
        var tracker = SendFrames(2);

        tracker.TranscriptReceived(130, false, 100, []);
        tracker.TranscriptReceived(140, false, 100, []);
        tracker.TranscriptReceived(150, true, 200, []);

        Assert.Equal([130.0, 50.0], tracker.FrameLatencies);
        Assert.Equal(3, tracker.Events);
        Assert.Equal(2, tracker.Partials);
        Assert.Equal(1, tracker.Finals);
    }

    [Fact]
    public void Final_words_are_timed_from_the_frame_that_holds_their_last_millisecond()
    {
        var tracker = SendFrames(10);

        // Word ending at 250 ms completes in frame 2 (sent at 200); one ending exactly at 1000 ms
        // completes in frame 9 (sent at 900), not frame 10.
        tracker.TranscriptReceived(1_050, true, 1_000, [250, 600, 1_000]);

        Assert.Equal([850.0, 550.0, 150.0], tracker.FinalWordLatencies);
        Assert.Equal([150.0], tracker.FinalLatencies);
        Assert.Equal(3, tracker.FinalWords);
    }

    [Fact]
    public void Partial_words_do_not_count_as_final_words()
    {
        var tracker = SendFrames(3);

        tracker.TranscriptReceived(310, false, 300, [100, 200]);

        Assert.Empty(tracker.FinalWordLatencies);
        Assert.Equal(0, tracker.FinalWords);
    }

    [Fact]
    public void A_final_word_beyond_the_audio_sent_is_counted_as_unmatched()
    {
        var tracker = SendFrames(3);

        tracker.TranscriptReceived(310, true, 300, [280, 450]);

        Assert.Equal([110.0], tracker.FinalWordLatencies);
        Assert.Equal(1, tracker.UnmatchedFinalWords);
    }

    [Fact]
    public void Frames_the_server_never_reported_are_unconfirmed()
    {
        var tracker = SendFrames(10);

        tracker.TranscriptReceived(900, false, 700, []);

        Assert.Equal(3, tracker.FramesUnconfirmed);
        Assert.Equal(1_000, tracker.AudioSentMs);
        Assert.Equal(700, tracker.AudioProcessedMs);
    }

    [Fact]
    public void A_short_last_frame_is_confirmed_and_acknowledged_when_the_audio_reaches_its_end()
    {
        var tracker = SendFrames(3, lastFrameMs: 40);

        tracker.TranscriptReceived(260, true, 240, []);

        Assert.Equal(0, tracker.FramesUnconfirmed);
        Assert.Equal(3, tracker.FrameLatencies.Count);
        Assert.Equal(60.0, tracker.FrameLatencies[^1]);
    }

    [Fact]
    public void A_recognizer_hop_short_of_the_end_still_confirms_the_last_frame()
    {
        var tracker = SendFrames(3);

        tracker.TranscriptReceived(400, true, 290, []);

        Assert.Equal(0, tracker.FramesUnconfirmed);
        Assert.Equal(2, tracker.FrameLatencies.Count);
    }

    [Fact]
    public void Frames_must_be_recorded_in_stream_order()
    {
        var tracker = new LatencyTracker();
        tracker.FrameSent(0, 100, 200);

        Assert.Throws<InvalidOperationException>(() => tracker.FrameSent(10, 0, 100));
    }

    [Fact]
    public void Pooled_percentiles_over_synthetic_sessions()
    {
        // 100 frames with latencies 1..100 ms, spread over two trackers (sessions).
        var a = SendFrames(50, i => i * 100);
        var b = SendFrames(50, i => i * 100);
        for (var i = 0; i < 50; i++)
        {
            a.TranscriptReceived(i * 100 + (i + 1), false, (i + 1) * 100, []);
            b.TranscriptReceived(i * 100 + (i + 51), false, (i + 1) * 100, []);
        }

        var pooled = LatencySummary.From(a.FrameLatencies.Concat(b.FrameLatencies));

        Assert.Equal(100, pooled.Count);
        Assert.Equal(50, pooled.P50);
        Assert.Equal(95, pooled.P95);
        Assert.Equal(99, pooled.P99);
        Assert.Equal(100, pooled.Max);
        Assert.Equal(50.5, pooled.Mean);
    }
}
