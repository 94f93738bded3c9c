namespace Hybrid.Cli.Audio;

/// <summary>How the samples of a WAV file's <c>data</c> chunk are encoded.</summary>
public enum WavSampleFormat
{
    /// <summary>Integer PCM (8-bit unsigned, 16/24/32-bit signed little-endian).</summary>
    Pcm,

    /// <summary>IEEE float (32 or 64 bit little-endian).</summary>
    Float,
}
