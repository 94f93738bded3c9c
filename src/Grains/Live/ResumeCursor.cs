namespace Hybrid.Grains.Live;

/// <summary>
/// Where a session must restart its audio if its recognizer state is lost: the first frame not yet
/// covered by a final. Frames are booked as they arrive and dropped once a final covers them; the
/// resume point (<see cref="SessionState.ResumeSeq"/>, <see cref="SessionState.ResumeMs"/>) is
/// persisted with every final.
/// </summary>
/// <remarks>Not thread-safe: used from one grain activation's turns.</remarks>
public sealed class ResumeCursor
{
    // Frames received since the resume point, oldest first: (seq, start ms, length ms).
    private readonly Queue<(long Seq, long StartMs, long LengthMs)> _uncovered = new();

    /// <summary>A new recognizer stream starts where the session's audio ends: nothing is uncovered.</summary>
    public void Restart(SessionState state)
    {
        _uncovered.Clear();
        state.ResumeSeq = state.NextSeq;
        state.ResumeMs = state.AudioMs;
    }

    /// <summary>Books frame <paramref name="seq"/> of <paramref name="lengthMs"/> at the end of the session's audio.</summary>
    public void Book(SessionState state, long seq, long lengthMs)
    {
        _uncovered.Enqueue((seq, state.AudioMs, lengthMs));
        state.AudioMs += lengthMs;
        state.NextSeq = seq + 1;
    }

    /// <summary>Frames wholly before <paramref name="processedMs"/> are covered by finals and never need resending.</summary>
    public void Advance(SessionState state, long processedMs)
    {
        while (_uncovered.Count > 0 && _uncovered.Peek().StartMs + _uncovered.Peek().LengthMs <= processedMs)
        {
            _uncovered.Dequeue();
        }

        if (_uncovered.Count > 0)
        {
            (state.ResumeSeq, state.ResumeMs, _) = _uncovered.Peek();
        }
        else
        {
            state.ResumeSeq = state.NextSeq;
            state.ResumeMs = state.AudioMs;
        }
    }

    /// <summary>The recognizer state is gone: the session continues from the resume point.</summary>
    public void RollBack(SessionState state)
    {
        state.NextSeq = state.ResumeSeq;
        state.AudioMs = state.ResumeMs;
        _uncovered.Clear();
    }
}
