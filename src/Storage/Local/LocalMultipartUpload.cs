namespace Hybrid.Storage.Local;

/// <summary>What <c>.multipart/{uploadId}/upload.json</c> records about an upload in progress.</summary>
internal sealed record LocalMultipartUpload(string Key, string ContentType, DateTimeOffset Created);
