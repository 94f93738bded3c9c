namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>The requested recognition engine could not be loaded on this machine.</summary>
internal sealed class EngineUnavailableException(string reason)
    : Exception($"the PocketSphinx engine is unavailable: {reason}");
