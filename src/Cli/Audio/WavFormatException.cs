namespace Hybrid.Cli.Audio;

/// <summary>The input is not a WAV file this reader understands; the message says why.</summary>
public sealed class WavFormatException(string message) : Exception(message);
