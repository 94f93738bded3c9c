namespace Hybrid.Cli.Audio;

/// <summary>Turns decoded audio into what the hub takes: PCM16 little-endian mono at one rate.</summary>
public static class AudioPreparer
{
    /// <summary>The rate the live hub accepts.</summary>
    public const int HubSampleRate = 16_000;

    /// <summary>Downmixes to mono, resamples to <paramref name="targetRate"/> and encodes PCM16 LE.</summary>
    public static byte[] ToPcm16Mono(WavAudio audio, int targetRate = HubSampleRate)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var mono = audio.DownmixToMono();
        var resampled = SincResampler.Resample(mono, audio.SampleRate, targetRate);
        return EncodePcm16(resampled);
    }

    /// <summary>Encodes samples in [-1, 1] as PCM16 LE, clipping what overshoots (a resampled full-scale signal can).</summary>
    public static byte[] EncodePcm16(ReadOnlySpan<float> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (int)Math.Round(samples[i] * 32768.0, MidpointRounding.AwayFromZero);
            var clipped = (short)Math.Clamp(value, short.MinValue, short.MaxValue);
            bytes[2 * i] = (byte)clipped;
            bytes[2 * i + 1] = (byte)(clipped >> 8);
        }

        return bytes;
    }

    /// <summary>Decodes PCM16 LE to samples in [-1, 1).</summary>
    public static float[] DecodePcm16(ReadOnlySpan<byte> pcm)
    {
        var samples = new float[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(pcm[2 * i] | (pcm[2 * i + 1] << 8)) / 32768f;
        }

        return samples;
    }
}
