namespace Hybrid.Cli.Load;

/// <summary>
/// Latency accounting of one session. Times are monotonic milliseconds from any fixed origin.
/// <list type="bullet">
/// <item><b>Frame latency</b>: a frame is acknowledged by the first <c>Transcript</c> event (partial
/// or final) whose <c>audioProcessedMs</c> reaches the frame's end; latency = that event's receive
/// time − the frame's send time. One sample per frame.</item>
/// <item><b>Final-word latency</b>: for each word of each final, receive time − send time of the frame
/// holding the word's last millisecond (the frame that completes the word).</item>
/// <item><b>Final latency</b>: the same for the last word of each final only — how long the end of
/// an utterance takes to come back final (end-pointing plus decoding), without the time early
/// words of a long utterance spend waiting for its end.</item>
/// </list>
/// Thread-safe: frames are recorded by the sender while events arrive on the receive loop.
/// </summary>
public sealed class LatencyTracker
{
    private readonly Lock _gate = new();
    private readonly List<SentFrame> _sent = [];
    private readonly List<double> _frameLatencies = [];
    private readonly List<double> _finalWordLatencies = [];
    private readonly List<double> _finalLatencies = [];
    private int _nextUnacknowledged;

    public int Events { get; private set; }

    public int Partials { get; private set; }

    public int Finals { get; private set; }

    public int FinalWords { get; private set; }

    /// <summary>Final words ending beyond the audio sent when they arrived (bad word times); not in the latencies.</summary>
    public int UnmatchedFinalWords { get; private set; }

    /// <summary>The highest <c>audioProcessedMs</c> any event reported.</summary>
    public long AudioProcessedMs { get; private set; }

    public int FramesSent
    {
        get
        {
            lock (_gate)
            {
                return _sent.Count;
            }
        }
    }

    /// <summary>Milliseconds of audio handed to the connection.</summary>
    public long AudioSentMs
    {
        get
        {
            lock (_gate)
            {
                return _sent.Count == 0 ? 0 : _sent[^1].AudioEndMs;
            }
        }
    }

    /// <summary>
    /// Frames sent that the server never reported processing: a frame counts as processed when the
    /// reported audio reaches into it, so a short last frame and a recognizer's 10 ms hop round up.
    /// </summary>
    public int FramesUnconfirmed
    {
        get
        {
            lock (_gate)
            {
                var confirmed = _sent.Count(frame => frame.AudioStartMs < AudioProcessedMs);
                return _sent.Count - confirmed;
            }
        }
    }

    public IReadOnlyList<double> FrameLatencies
    {
        get
        {
            lock (_gate)
            {
                return [.. _frameLatencies];
            }
        }
    }

    public IReadOnlyList<double> FinalWordLatencies
    {
        get
        {
            lock (_gate)
            {
                return [.. _finalWordLatencies];
            }
        }
    }

    public IReadOnlyList<double> FinalLatencies
    {
        get
        {
            lock (_gate)
            {
                return [.. _finalLatencies];
            }
        }
    }

    /// <summary>Records a frame about to be sent; frames must be recorded in stream order.</summary>
    /// <param name="audioStartMs">Session audio position where the frame starts.</param>
    /// <param name="audioEndMs">Session audio position where the frame ends.</param>
    public void FrameSent(double sentAtMs, long audioStartMs, long audioEndMs)
    {
        if (audioEndMs < audioStartMs)
        {
            throw new ArgumentOutOfRangeException(nameof(audioEndMs), "a frame cannot end before it starts");
        }

        lock (_gate)
        {
            if (_sent.Count > 0 && audioStartMs < _sent[^1].AudioEndMs)
            {
                throw new InvalidOperationException("frames must be recorded in stream order");
            }

            _sent.Add(new SentFrame(sentAtMs, audioStartMs, audioEndMs));
        }
    }

    /// <summary>Accounts one <c>Transcript</c> event received at <paramref name="receivedAtMs"/>.</summary>
    /// <param name="finalWordEndsMs">End times of the words of a final (ignored for partials).</param>
    public void TranscriptReceived(double receivedAtMs, bool isFinal, long audioProcessedMs, IReadOnlyList<int> finalWordEndsMs)
    {
        ArgumentNullException.ThrowIfNull(finalWordEndsMs);
        lock (_gate)
        {
            Events++;
            if (isFinal)
            {
                Finals++;
            }
            else
            {
                Partials++;
            }

            AudioProcessedMs = Math.Max(AudioProcessedMs, audioProcessedMs);
            while (_nextUnacknowledged < _sent.Count && _sent[_nextUnacknowledged].AudioEndMs <= audioProcessedMs)
            {
                _frameLatencies.Add(receivedAtMs - _sent[_nextUnacknowledged].SentAtMs);
                _nextUnacknowledged++;
            }

            if (!isFinal)
            {
                return;
            }

            for (var i = 0; i < finalWordEndsMs.Count; i++)
            {
                FinalWords++;
                var frame = FrameCompleting(finalWordEndsMs[i]);
                if (frame is null)
                {
                    UnmatchedFinalWords++;
                    continue;
                }

                var latency = receivedAtMs - frame.Value.SentAtMs;
                _finalWordLatencies.Add(latency);
                if (i == finalWordEndsMs.Count - 1)
                {
                    _finalLatencies.Add(latency);
                }
            }
        }
    }

    // The first frame whose end reaches the word's end, i.e. the one holding its last millisecond.
    private SentFrame? FrameCompleting(long wordEndMs)
    {
        int lo = 0, hi = _sent.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sent[mid].AudioEndMs >= wordEndMs)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return found < 0 ? null : _sent[found];
    }

    private readonly record struct SentFrame(double SentAtMs, long AudioStartMs, long AudioEndMs);
}
