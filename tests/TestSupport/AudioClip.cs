namespace Hybrid.TestSupport;

/// <summary>Mono 16-bit PCM audio at 16 kHz, with helpers to trim and serialise it.</summary>
public sealed class AudioClip
{
    /// <summary>The only sample rate the clips use.</summary>
    public const int SampleRate = 16000;

    // Trimming and onset detection look at 10 ms windows.
    private const int Window = SampleRate / 100;

    /// <summary>Creates a clip over the given samples (not copied).</summary>
    public AudioClip(short[] samples) => Samples = samples ?? throw new ArgumentNullException(nameof(samples));

    /// <summary>The PCM samples.</summary>
    public short[] Samples { get; }

    /// <summary>Length of the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);

    /// <summary>Length in whole milliseconds.</summary>
    public int DurationMs => (int)(Samples.LongLength * 1000 / SampleRate);

    /// <summary>Little-endian PCM16 bytes (what Riva calls LINEAR_PCM).</summary>
    public byte[] ToPcmBytes()
    {
        var bytes = new byte[Samples.Length * 2];
        for (var i = 0; i < Samples.Length; i++)
        {
            bytes[2 * i] = (byte)Samples[i];
            bytes[(2 * i) + 1] = (byte)(Samples[i] >> 8);
        }

        return bytes;
    }

    /// <summary>A canonical 44-byte-header WAV file of this clip.</summary>
    public byte[] ToWavBytes() => WavFile.Encode(Samples);

    /// <summary>
    /// Removes leading and trailing quiet (10 ms windows whose peak stays below <paramref name="threshold"/>),
    /// keeping <paramref name="marginMs"/> on each side, so speech onsets and ends are known exactly.
    /// </summary>
    public AudioClip Trim(int threshold = 400, int marginMs = 20)
    {
        var first = FirstLoudWindow(threshold);
        if (first < 0)
        {
            return new AudioClip([]);
        }

        var last = LastLoudWindowEnd(threshold);
        var margin = marginMs * SampleRate / 1000;
        var start = Math.Max(0, first - margin);
        var end = Math.Min(Samples.Length, last + margin);
        return new AudioClip(Samples[start..end]);
    }

    /// <summary>Offset of the first 10 ms window reaching <paramref name="threshold"/>, or null for silence.</summary>
    public TimeSpan? FindSpeechStart(int threshold = 400)
    {
        var first = FirstLoudWindow(threshold);
        return first < 0 ? null : TimeSpan.FromSeconds(first / (double)SampleRate);
    }

    private int FirstLoudWindow(int threshold)
    {
        for (var start = 0; start < Samples.Length; start += Window)
        {
            if (Peak(start) >= threshold)
            {
                return start;
            }
        }

        return -1;
    }

    private int LastLoudWindowEnd(int threshold)
    {
        for (var start = (Samples.Length - 1) / Window * Window; start >= 0; start -= Window)
        {
            if (Peak(start) >= threshold)
            {
                return Math.Min(Samples.Length, start + Window);
            }
        }

        return 0;
    }

    private int Peak(int start)
    {
        var end = Math.Min(Samples.Length, start + Window);
        var peak = 0;
        for (var i = start; i < end; i++)
        {
            peak = Math.Max(peak, Math.Abs((int)Samples[i]));
        }

        return peak;
    }
}
