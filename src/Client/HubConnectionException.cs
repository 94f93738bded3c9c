namespace Hybrid.Client;

/// <summary>The connection to the hub could not be made or broke during a call.</summary>
public sealed class HubConnectionException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>HTTP status of a refused connect (401, 403, 404), when there was one.</summary>
    public int? StatusCode { get; init; }
}
