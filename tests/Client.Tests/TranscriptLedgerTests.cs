using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Client.Tests;

public sealed class TranscriptLedgerTests
{
    private static TranscriptMessage Final(int id, string text) => new("s", id, true, text, 1, [], 0);

    private static TranscriptMessage Partial(int id, string text) => new("s", id, false, text, 0.5f, [], 0);

    [Fact]
    public void A_final_resent_after_a_resume_is_dropped()
    {
        var ledger = new TranscriptLedger();
        Assert.Equal(TranscriptUpdate.Final, ledger.Accept(Final(0, "one")));
        Assert.Equal(TranscriptUpdate.Final, ledger.Accept(Final(1, "two")));
        Assert.Equal(TranscriptUpdate.DuplicateFinal, ledger.Accept(Final(1, "two")));

        Assert.Equal(["one", "two"], ledger.Finals.Select(f => f.Text));
        Assert.Equal(1, ledger.DuplicateFinals);
        Assert.Equal("one two", ledger.Text);
    }

    [Fact]
    public void Partials_replace_each_other_and_one_of_a_closed_segment_is_stale()
    {
        var ledger = new TranscriptLedger();
        Assert.Equal(TranscriptUpdate.Partial, ledger.Accept(Partial(0, "on")));
        Assert.Equal(TranscriptUpdate.Partial, ledger.Accept(Partial(0, "one tw")));
        Assert.Equal("one tw", ledger.Partial!.Text);

        ledger.Accept(Final(0, "one two"));
        Assert.Null(ledger.Partial);
        Assert.Equal(TranscriptUpdate.StalePartial, ledger.Accept(Partial(0, "one two")));
        Assert.Equal(TranscriptUpdate.Partial, ledger.Accept(Partial(1, "three")));
    }

    [Fact]
    public void The_resume_cursor_stops_before_a_missed_final()
    {
        var ledger = new TranscriptLedger();
        Assert.Null(ledger.LastSegmentId);
        ledger.Accept(Final(0, "a"));
        ledger.Accept(Final(1, "b"));
        ledger.Accept(Final(3, "d"));
        Assert.Equal(1, ledger.LastSegmentId);

        ledger.Accept(Final(2, "c"));
        Assert.Equal(3, ledger.LastSegmentId);
        Assert.Equal([0, 1, 2, 3], ledger.Finals.Select(f => f.SegmentId));
    }
}
