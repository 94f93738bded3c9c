namespace Hybrid.Storage.Blobs;

/// <summary>Metadata of a stored object.</summary>
public sealed record BlobProperties(string Key, long Size, string ContentType, string ETag, DateTimeOffset LastModified);
