namespace Hybrid.RivaLocal.Audio;

/// <summary>Outcome of inspecting the start of an audio byte stream for a WAV header.</summary>
internal enum WavProbeResult
{
    /// <summary>Not a RIFF/WAVE stream: raw PCM.</summary>
    NotWav,

    /// <summary>Looks like WAV, but the header (up to the data chunk) has not fully arrived yet.</summary>
    Incomplete,

    /// <summary>A complete header up to the start of the data chunk.</summary>
    Complete,
}
