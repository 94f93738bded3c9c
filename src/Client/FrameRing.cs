using Hybrid.Protocol;

namespace Hybrid.Client;

/// <summary>
/// The most recent audio frames by sequence number. After a resume the server answers
/// <c>StartSession</c> with <c>nextSeq</c> and the client resends from there, so an outage shorter
/// than the ring's span loses no audio. Thread-safe.
/// </summary>
public sealed class FrameRing
{
    private readonly AudioFrame?[] _frames;
    private readonly Lock _gate = new();
    private long _newest = -1;
    private int _count;

    /// <param name="capacity">Frames kept (1,200 × 100 ms = 2 minutes).</param>
    public FrameRing(int capacity = 1200)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _frames = new AudioFrame?[capacity];
    }

    /// <summary>How many frames the ring holds at most.</summary>
    public int Capacity => _frames.Length;

    /// <summary>Frames held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The oldest sequence number still held, or -1 when empty.</summary>
    public long OldestSeq
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? -1 : _newest - _count + 1;
            }
        }
    }

    /// <summary>The newest sequence number held, or -1 when empty.</summary>
    public long NewestSeq
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? -1 : _newest;
            }
        }
    }

    /// <summary>Adds the frame after the newest one (any <paramref name="seq"/> ≥ 0 when empty).</summary>
    public void Push(long seq, byte[] pcm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        ArgumentNullException.ThrowIfNull(pcm);
        lock (_gate)
        {
            if (_count > 0 && seq != _newest + 1)
            {
                throw new ArgumentOutOfRangeException(nameof(seq), seq, $"frames must be pushed in order: expected {_newest + 1}");
            }

            _frames[seq % _frames.Length] = new AudioFrame(seq, pcm);
            _newest = seq;
            _count = Math.Min(_count + 1, _frames.Length);
        }
    }

    /// <summary>The frames with <c>seq ≥ <paramref name="fromSeq"/></c> still held, oldest first (a copy).</summary>
    public IReadOnlyList<AudioFrame> From(long fromSeq)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return [];
            }

            var first = Math.Max(fromSeq, _newest - _count + 1);
            var result = new List<AudioFrame>((int)Math.Max(0, _newest - first + 1));
            for (var seq = first; seq <= _newest; seq++)
            {
                result.Add(_frames[seq % _frames.Length]!);
            }

            return result;
        }
    }

    /// <summary>How many frames from <paramref name="fromSeq"/> on are no longer held (the server fills them with silence).</summary>
    public long MissingBefore(long fromSeq)
    {
        var oldest = OldestSeq;
        return oldest > fromSeq ? oldest - fromSeq : 0;
    }
}
