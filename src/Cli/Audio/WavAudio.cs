namespace Hybrid.Cli.Audio;

/// <summary>
/// Decoded WAV audio: interleaved samples normalised to [-1, 1] plus the format they came from.
/// </summary>
public sealed class WavAudio
{
    public WavAudio(int sampleRate, int channels, WavSampleFormat format, int bitsPerSample, float[] interleaved)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentNullException.ThrowIfNull(interleaved);
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException("the sample count is not a multiple of the channel count", nameof(interleaved));
        }

        SampleRate = sampleRate;
        Channels = channels;
        Format = format;
        BitsPerSample = bitsPerSample;
        Interleaved = interleaved;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public WavSampleFormat Format { get; }

    public int BitsPerSample { get; }

    /// <summary>Samples in file order (frame 0 channel 0, frame 0 channel 1, ...), each in [-1, 1].</summary>
    public float[] Interleaved { get; }

    /// <summary>Number of sample frames (samples per channel).</summary>
    public int FrameCount => Interleaved.Length / Channels;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);

    /// <summary>The average of all channels, one sample per frame.</summary>
    public float[] DownmixToMono()
    {
        if (Channels == 1)
        {
            return (float[])Interleaved.Clone();
        }

        var mono = new float[FrameCount];
        var scale = 1f / Channels;
        for (int frame = 0, i = 0; frame < mono.Length; frame++)
        {
            var sum = 0f;
            for (var c = 0; c < Channels; c++)
            {
                sum += Interleaved[i++];
            }

            mono[frame] = sum * scale;
        }

        return mono;
    }
}
