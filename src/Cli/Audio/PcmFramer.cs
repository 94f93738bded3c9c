namespace Hybrid.Cli.Audio;

/// <summary>Cuts PCM16 mono audio into the fixed-length frames of the <c>UploadAudio</c> stream.</summary>
public static class PcmFramer
{
    /// <summary>Bytes in one PCM16 mono frame: 16 kHz × 100 ms → 3,200.</summary>
    public static int FrameBytes(int sampleRate, int frameMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameMs);
        var samples = (long)sampleRate * frameMs / 1000;
        return (int)Math.Max(1, samples) * 2;
    }

    /// <summary>Whole frames of <paramref name="frameBytes"/>; the last one holds the remainder and may be shorter.</summary>
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> pcm, int frameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameBytes);
        if (frameBytes % 2 != 0)
        {
            throw new ArgumentException("a PCM16 frame needs an even byte count", nameof(frameBytes));
        }

        // An odd trailing byte is half a sample; the hub would reject the frame, so drop it.
        var usable = pcm.Length & ~1;
        var frames = new List<byte[]>((usable + frameBytes - 1) / frameBytes);
        for (var offset = 0; offset < usable; offset += frameBytes)
        {
            frames.Add(pcm.Slice(offset, Math.Min(frameBytes, usable - offset)).ToArray());
        }

        return frames;
    }
}
