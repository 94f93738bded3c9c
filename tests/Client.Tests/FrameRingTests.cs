using Hybrid.Client;

namespace Hybrid.Client.Tests;

public sealed class FrameRingTests
{
    [Fact]
    public void Resends_from_the_servers_next_seq_oldest_first()
    {
        var ring = new FrameRing(10);
        for (var seq = 0; seq < 6; seq++)
        {
            ring.Push(seq, [(byte)seq]);
        }

        Assert.Equal([3L, 4, 5], ring.From(3).Select(f => f.Seq));
        Assert.Equal([(byte)3], ring.From(3)[0].Pcm);
        Assert.Empty(ring.From(6));
        Assert.Equal(0, ring.MissingBefore(3));
    }

    [Fact]
    public void Keeps_only_the_newest_frames_and_says_how_many_are_gone()
    {
        var ring = new FrameRing(4);
        for (var seq = 0; seq < 10; seq++)
        {
            ring.Push(seq, [(byte)seq]);
        }

        Assert.Equal(4, ring.Count);
        Assert.Equal(6, ring.OldestSeq);
        Assert.Equal(9, ring.NewestSeq);
        Assert.Equal([6L, 7, 8, 9], ring.From(2).Select(f => f.Seq));
        Assert.Equal(4, ring.MissingBefore(2));
    }

    [Fact]
    public void Starts_at_any_seq_when_empty_then_only_takes_the_next_one()
    {
        var ring = new FrameRing(4);
        Assert.Equal(-1, ring.OldestSeq);
        Assert.Empty(ring.From(0));

        ring.Push(40, [1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Push(42, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Push(40, [1]));
        ring.Push(41, [1]);
        Assert.Equal([40L, 41], ring.From(0).Select(f => f.Seq));
    }
}
