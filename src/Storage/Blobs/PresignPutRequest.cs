namespace Hybrid.Storage.Blobs;

/// <summary>What a presigned PUT allows: this key, this content type, this many bytes, until then.</summary>
public sealed record PresignPutRequest(string Key, string ContentType, long ContentLength, TimeSpan ExpiresIn);
