namespace Hybrid.Storage.Blobs;

/// <summary>A request the client makes directly to storage: method, URL and the headers it must send.</summary>
public sealed record PresignedRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);
