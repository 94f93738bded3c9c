using Hybrid.RivaLocal.Engines;

namespace Hybrid.RivaLocal.Audio;

/// <summary>The parts of a RIFF/WAVE header that matter for decoding.</summary>
/// <param name="FormatTag">1 = PCM (WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format).</param>
/// <param name="DataOffset">Byte offset of the first sample.</param>
/// <param name="DataLength">Declared data size, or null when unknown (0 or 0xFFFFFFFF, as streaming writers emit).</param>
internal sealed record WavHeader(int FormatTag, int Channels, int SampleRate, int BitsPerSample, int DataOffset, long? DataLength)
{
    private const int PcmFormat = 1;

    /// <summary>Throws unless the audio is PCM16 mono 16 kHz, the only format the engines take.</summary>
    public void EnsureSupported()
    {
        if (FormatTag != PcmFormat)
        {
            throw new AudioFormatException(
                $"WAV audio format {FormatTag} is not supported; only PCM (format 1), 16-bit, mono, 16000 Hz WAV is accepted");
        }

        if (BitsPerSample != 16)
        {
            throw new AudioFormatException($"WAV bits per sample {BitsPerSample} is not supported; only 16-bit PCM is accepted");
        }

        if (Channels != 1)
        {
            throw new AudioFormatException($"WAV channel count {Channels} is not supported; only mono audio is accepted");
        }

        if (SampleRate != AudioFormat.SampleRate)
        {
            throw new AudioFormatException($"WAV sample rate {SampleRate} Hz is not supported; only 16000 Hz is accepted");
        }
    }
}
