namespace Hybrid.RivaLocal.Audio;

/// <summary>Extracts samples from a whole <c>Recognize</c> buffer: a WAV file or raw PCM16.</summary>
internal static class OfflineAudio
{
    /// <param name="audio">The request's audio bytes.</param>
    /// <param name="declaredSampleRate">sample_rate_hertz from the config; 0 requires a WAV header.</param>
    /// <exception cref="AudioFormatException">Malformed or unsupported audio.</exception>
    public static short[] ToSamples(ReadOnlySpan<byte> audio, int declaredSampleRate)
    {
        switch (WavParser.Probe(audio, out var header))
        {
            case WavProbeResult.Complete:
                header!.EnsureSupported();
                if (declaredSampleRate != 0 && declaredSampleRate != header.SampleRate)
                {
                    throw new AudioFormatException(
                        $"sample_rate_hertz {declaredSampleRate} does not match the WAV header's {header.SampleRate} Hz");
                }

                var data = audio[header.DataOffset..];
                if (header.DataLength is { } length && length < data.Length)
                {
                    data = data[..(int)length];
                }

                return Pcm16.ToSamples(data);
            case WavProbeResult.Incomplete:
                throw new AudioFormatException("malformed WAV: the header is truncated or has no data chunk");
            default:
                if (declaredSampleRate == 0)
                {
                    throw new AudioFormatException(
                        "sample_rate_hertz is required when the audio has no WAV header (only 16000 Hz is supported)");
                }

                return Pcm16.ToSamples(audio);
        }
    }
}
