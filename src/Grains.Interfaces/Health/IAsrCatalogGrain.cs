namespace Hybrid.Grains.Interfaces.Health;

/// <summary>
/// The models and languages the silo's recognizer offers, so a gateway can refuse a session asking
/// for something the recognizer would reject before anything is created. A stateless worker: the
/// call lands on whichever silo serves it (every silo of a cluster talks to the same kind of recognizer).
/// </summary>
public interface IAsrCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The recognizer's models (empty when it could not be asked).</summary>
    Task<IReadOnlyList<AsrModel>> Models();
}
