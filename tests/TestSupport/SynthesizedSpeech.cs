namespace Hybrid.TestSupport;

/// <summary>A sentence spoken by a flite voice.</summary>
/// <param name="Text">What was spoken.</param>
/// <param name="Voice">The flite voice (awb, rms, slt, kal16, …).</param>
/// <param name="Clip">The audio, 16 kHz mono PCM16.</param>
/// <param name="WavPath">The cached WAV file.</param>
public sealed record SynthesizedSpeech(string Text, string Voice, AudioClip Clip, string WavPath);
