using Hybrid.Grains.Asr;

namespace Hybrid.Unit.Tests.Grains;

public sealed class ReplayBufferTests
{
    private static byte[] Chunk(byte fill, int ms = 100) => Enumerable.Repeat(fill, ms * ReplayBuffer.BytesPerMs).ToArray();

    [Fact]
    public void Keeps_a_running_byte_count_and_absolute_times()
    {
        var buffer = new ReplayBuffer(startMs: 5_000);
        buffer.Add(Chunk(1));
        buffer.Add(Chunk(2));

        Assert.Equal(6_400, buffer.Bytes);
        Assert.Equal(5_000, buffer.StartMs);
        Assert.Equal(5_200, buffer.EndMs);
    }

    [Fact]
    public void A_final_drops_only_the_chunks_it_wholly_covers()
    {
        var buffer = new ReplayBuffer(0);
        for (byte i = 0; i < 5; i++)
        {
            buffer.Add(Chunk(i));
        }

        buffer.TrimCoveredTo(250); // covers 0-100 and 100-200, not 200-300

        Assert.Equal(200, buffer.StartMs);
        Assert.Equal(3, buffer.Count);
        Assert.Equal(2, buffer.ToArray()[0]);
    }

    [Fact]
    public void A_new_stream_replays_everything_held_then_later_chunks_in_order()
    {
        var buffer = new ReplayBuffer(0);
        buffer.Add(Chunk(1));
        buffer.Add(Chunk(2));
        Assert.True(buffer.TryTakeUnsent(out _));
        Assert.True(buffer.TryTakeUnsent(out _));
        Assert.False(buffer.TryTakeUnsent(out _));

        buffer.RewindSent();
        buffer.Add(Chunk(3));
        var sent = new List<byte>();
        while (buffer.TryTakeUnsent(out var chunk))
        {
            sent.Add(chunk[0]);
        }

        Assert.Equal([1, 2, 3], sent);
    }

    [Fact]
    public void Trimming_sent_chunks_keeps_the_send_position_on_the_same_chunk()
    {
        var buffer = new ReplayBuffer(0);
        for (byte i = 0; i < 4; i++)
        {
            buffer.Add(Chunk(i));
        }

        buffer.TryTakeUnsent(out _);
        buffer.TryTakeUnsent(out _);
        buffer.TrimCoveredTo(100);

        Assert.True(buffer.TryTakeUnsent(out var next));
        Assert.Equal(2, next[0]);
    }

    [Fact]
    public void The_window_never_drops_audio_that_was_not_sent()
    {
        var buffer = new ReplayBuffer(0);
        for (byte i = 0; i < 10; i++)
        {
            buffer.Add(Chunk(i));
        }

        buffer.TrimSentTo(maxBytes: 3_200); // nothing sent yet: all kept
        Assert.Equal(10, buffer.Count);

        for (var i = 0; i < 4; i++)
        {
            buffer.TryTakeUnsent(out _);
        }

        buffer.TrimSentTo(maxBytes: 3_200);
        Assert.Equal(6, buffer.Count);
        Assert.Equal(400, buffer.StartMs);
        Assert.Equal(6, buffer.Unsent);
    }

    [Fact]
    public void Holds_a_long_outage_and_gives_it_back_contiguously()
    {
        var buffer = new ReplayBuffer(1_000);
        for (var i = 0; i < 3_000; i++)
        {
            buffer.Add(Chunk((byte)(i % 251)));
        }

        buffer.TrimCoveredTo(1_000 + 2_500 * 100);
        var pcm = buffer.ToArray();

        Assert.Equal(500 * 3_200, pcm.Length);
        Assert.Equal(251_000, buffer.StartMs);
        Assert.Equal((byte)(2_500 % 251), pcm[0]);
        Assert.Equal((byte)(2_999 % 251), pcm[^1]);
        buffer.Clear();
        Assert.Equal(0, buffer.Bytes);
        Assert.Equal(301_000, buffer.StartMs);
    }
}
