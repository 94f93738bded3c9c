namespace Hybrid.Storage.Blobs;

/// <summary>A whole object read from storage.</summary>
public sealed record BlobContent(BlobProperties Properties, byte[] Data);
