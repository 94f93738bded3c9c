namespace Hybrid.RivaLocal.Audio;

/// <summary>The client's audio is not in an accepted format; reported as INVALID_ARGUMENT.</summary>
internal sealed class AudioFormatException(string message) : Exception(message);
