namespace Hybrid.Grains.Asr;

/// <summary>
/// The audio of a live session that no final covers yet, as the chunks sent (or still to send) to the
/// recognizer, oldest first, with the absolute time of the first one. It remembers how many chunks the
/// current stream has been sent, so a new stream can replay them all and later chunks follow in order.
/// </summary>
/// <remarks>
/// Appends, trims and sends are all O(1) amortised: the byte count is kept running (this sits on the
/// path of every audio message) and dropped chunks only move a head index.
/// Not thread-safe: one session's activation drives it.
/// </remarks>
public sealed class ReplayBuffer
{
    /// <summary>PCM16 mono at 16 kHz.</summary>
    public const int BytesPerMs = 32;

    private readonly List<byte[]> _chunks = [];
    private int _head;
    private int _sent;

    /// <param name="startMs">Absolute time of the first audio that will be added.</param>
    public ReplayBuffer(long startMs) => StartMs = startMs;

    /// <summary>Absolute ms of the oldest audio held.</summary>
    public long StartMs { get; private set; }

    /// <summary>Bytes held (running count).</summary>
    public long Bytes { get; private set; }

    /// <summary>Absolute ms just after the newest audio held.</summary>
    public long EndMs => StartMs + Bytes / BytesPerMs;

    /// <summary>Chunks held.</summary>
    public int Count => _chunks.Count - _head;

    /// <summary>Chunks held that the current stream has not been sent yet.</summary>
    public int Unsent => Count - _sent;

    /// <summary>Adds a chunk at the end (not yet sent).</summary>
    public void Add(byte[] chunk)
    {
        _chunks.Add(chunk);
        Bytes += chunk.Length;
    }

    /// <summary>The oldest chunk not yet sent on the current stream, now counted as sent; false when all are.</summary>
    public bool TryTakeUnsent(out byte[] chunk)
    {
        if (_sent >= Count)
        {
            chunk = [];
            return false;
        }

        chunk = _chunks[_head + _sent];
        _sent++;
        return true;
    }

    /// <summary>A new stream starts: every chunk held must be sent (replayed) again.</summary>
    public void RewindSent() => _sent = 0;

    /// <summary>Drops the chunks a final has covered (those wholly before <paramref name="processedMs"/>): they never need replaying.</summary>
    public void TrimCoveredTo(long processedMs)
    {
        while (Count > 0 && StartMs + _chunks[_head].Length / BytesPerMs <= processedMs)
        {
            DropOldest();
        }
    }

    /// <summary>
    /// Drops the oldest chunks already sent while more than <paramref name="maxBytes"/> are held, so a
    /// stream that never finalises cannot grow the buffer without end. Unsent audio is never dropped.
    /// </summary>
    public void TrimSentTo(long maxBytes)
    {
        while (Bytes > maxBytes && _sent > 0 && Count > 1)
        {
            DropOldest();
        }
    }

    /// <summary>All the audio held, as one contiguous PCM block starting at <see cref="StartMs"/>.</summary>
    public byte[] ToArray()
    {
        var all = new byte[Bytes];
        var offset = 0;
        for (var i = _head; i < _chunks.Count; i++)
        {
            _chunks[i].CopyTo(all, offset);
            offset += _chunks[i].Length;
        }

        return all;
    }

    /// <summary>Forgets everything held, and starts again at <see cref="EndMs"/>.</summary>
    public void Clear()
    {
        StartMs = EndMs;
        Bytes = 0;
        _chunks.Clear();
        _head = 0;
        _sent = 0;
    }

    private void DropOldest()
    {
        var chunk = _chunks[_head];
        _chunks[_head] = [];
        _head++;
        Bytes -= chunk.Length;
        StartMs += chunk.Length / BytesPerMs;
        _sent = Math.Max(0, _sent - 1);
        if (_head > 1024 && _head * 2 > _chunks.Count)
        {
            _chunks.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
