namespace Hybrid.Storage.Hosting;

/// <summary>Which <see cref="Blobs.IBlobStore"/> <c>AddBlobStore</c> registers.</summary>
public enum BlobStoreProvider
{
    /// <summary>A local folder with gateway-signed URLs (the embedded default).</summary>
    Local,

    /// <summary>Amazon S3 or an S3-compatible endpoint (<see cref="StorageOptions.ServiceUrl"/>).</summary>
    S3,
}
