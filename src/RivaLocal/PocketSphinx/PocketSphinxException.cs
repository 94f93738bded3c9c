namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>A native PocketSphinx call reported failure.</summary>
internal sealed class PocketSphinxException(string message) : Exception(message);
