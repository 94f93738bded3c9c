namespace Hybrid.Grains.Interfaces.Health;

/// <summary>
/// Readiness of a silo's ASR: whether the local recognizer answers its health check and how many
/// stream slots are free. A stateless worker, so the call lands on whichever silo serves it.
/// </summary>
public interface IAsrHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Checks the local recognizer (cached for a short time).</summary>
    Task<AsrHealth> Check();
}
