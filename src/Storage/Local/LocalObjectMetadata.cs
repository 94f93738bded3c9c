namespace Hybrid.Storage.Local;

/// <summary>The sidecar kept next to each local object (S3 keeps the same facts in its index).</summary>
internal sealed record LocalObjectMetadata(string ContentType, string ETag, long Size, DateTimeOffset LastModified);
