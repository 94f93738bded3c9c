namespace Hybrid.RivaLocal.Engines;

/// <summary>The one audio format every engine accepts.</summary>
internal static class AudioFormat
{
    public const int SampleRate = 16000;

    /// <summary>Samples per 100 ms: the granularity at which the VAD is checked.</summary>
    public const int SamplesPerChunk = SampleRate / 10;

    public static double ToSeconds(long samples) => samples / (double)SampleRate;

    public static int ToMilliseconds(long samples) => (int)(samples * 1000 / SampleRate);
}
