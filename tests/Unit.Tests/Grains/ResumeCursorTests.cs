using Hybrid.Grains.Live;

namespace Hybrid.Unit.Tests.Grains;

/// <summary>The resume point: the first frame no final covers, and the rollback to it.</summary>
public sealed class ResumeCursorTests
{
    [Fact]
    public void Finals_advance_the_resume_point_and_a_rollback_returns_to_it()
    {
        var state = new SessionState { NextSeq = 10, AudioMs = 1000 };
        var cursor = new ResumeCursor();
        cursor.Restart(state);
        for (var seq = 10; seq < 20; seq++)
        {
            cursor.Book(state, seq, 100);
        }

        Assert.Equal((20L, 2000L), (state.NextSeq, state.AudioMs));
        Assert.Equal((10L, 1000L), (state.ResumeSeq, state.ResumeMs));

        // A final up to 1450 ms covers frames 10-13 (the one ending at 1500 ms is not wholly covered).
        cursor.Advance(state, 1450);
        Assert.Equal((14L, 1400L), (state.ResumeSeq, state.ResumeMs));

        cursor.RollBack(state);
        Assert.Equal((14L, 1400L), (state.NextSeq, state.AudioMs));
    }

    [Fact]
    public void A_final_covering_everything_moves_the_resume_point_to_the_end()
    {
        var state = new SessionState();
        var cursor = new ResumeCursor();
        cursor.Restart(state);
        cursor.Book(state, 0, 100);
        cursor.Book(state, 1, 100);

        cursor.Advance(state, 5000);

        Assert.Equal((2L, 200L), (state.ResumeSeq, state.ResumeMs));
    }
}
