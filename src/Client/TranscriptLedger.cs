using Hybrid.Protocol;

namespace Hybrid.Client;

/// <summary>
/// The transcript as a client holds it across resumes: finals by <c>segmentId</c> (a final resent
/// after a resume is recognised and dropped) and the current partial (each replaces the last).
/// Thread-safe.
/// </summary>
public sealed class TranscriptLedger
{
    private readonly SortedDictionary<int, TranscriptMessage> _finals = [];
    private readonly Lock _gate = new();
    private TranscriptMessage? _partial;
    private int _duplicates;

    /// <summary>
    /// The resume cursor to send as <see cref="StartSessionRequest.LastSegmentId"/>: the highest
    /// segment id up to which every final is held (null before the first). A final missed in the
    /// middle keeps the cursor before it, so the server sends it again.
    /// </summary>
    public int? LastSegmentId
    {
        get
        {
            lock (_gate)
            {
                int? last = null;
                var expected = 0;
                foreach (var id in _finals.Keys)
                {
                    if (id != expected)
                    {
                        break;
                    }

                    last = id;
                    expected++;
                }

                return last;
            }
        }
    }

    /// <summary>The finals held, by segment id.</summary>
    public IReadOnlyList<TranscriptMessage> Finals
    {
        get
        {
            lock (_gate)
            {
                return [.. _finals.Values];
            }
        }
    }

    /// <summary>The newest partial after the last final, or null.</summary>
    public TranscriptMessage? Partial
    {
        get
        {
            lock (_gate)
            {
                return _partial;
            }
        }
    }

    /// <summary>Finals received again and dropped.</summary>
    public int DuplicateFinals
    {
        get
        {
            lock (_gate)
            {
                return _duplicates;
            }
        }
    }

    /// <summary>The finals' text joined by spaces.</summary>
    public string Text => string.Join(' ', Finals.Select(f => f.Text.Trim()).Where(t => t.Length > 0));

    /// <summary>Records <paramref name="message"/> and says what it means.</summary>
    public TranscriptUpdate Accept(TranscriptMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (message.IsFinal)
            {
                if (!_finals.TryAdd(message.SegmentId, message))
                {
                    _duplicates++;
                    return TranscriptUpdate.DuplicateFinal;
                }

                if (_partial is not null && _partial.SegmentId <= message.SegmentId)
                {
                    _partial = null;
                }

                return TranscriptUpdate.Final;
            }

            if (_finals.ContainsKey(message.SegmentId))
            {
                return TranscriptUpdate.StalePartial;
            }

            _partial = message;
            return TranscriptUpdate.Partial;
        }
    }
}
