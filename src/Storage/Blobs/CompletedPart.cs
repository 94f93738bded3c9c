namespace Hybrid.Storage.Blobs;

/// <summary>A part of a multipart upload as its PUT answered it.</summary>
public sealed record CompletedPart(int PartNumber, string ETag);
