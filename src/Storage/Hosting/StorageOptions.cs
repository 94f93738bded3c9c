namespace Hybrid.Storage.Hosting;

/// <summary>Configuration section <c>Storage</c> (environment <c>Storage__Key</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>Local</c> (default) or <c>S3</c>.</summary>
    public BlobStoreProvider Provider { get; set; } = BlobStoreProvider.Local;

    /// <summary>S3 bucket; required for <c>S3</c>.</summary>
    public string? Bucket { get; set; }

    /// <summary>An S3-compatible endpoint (s3rver, MinIO); when set, requests are path-style.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region, also the signing region for <see cref="ServiceUrl"/>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing for real AWS too (always on with <see cref="ServiceUrl"/>).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Root folder of the local store; default <c>{Hybrid:DataDirectory}/blobs</c>.</summary>
    public string? LocalRoot { get; set; }

    /// <summary>Where the gateway that serves local signed URLs is reachable, e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>
    /// The local store's URL-signing key (32 random bytes, created once, mode 0600); default
    /// <c>{Hybrid:DataDirectory}/storage/url-signing.key</c>. The silo signs and the gateway verifies,
    /// so both must point at the same file.
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Above this size, callers should upload in parts (default 8 MiB; at least S3's 5 MiB part minimum).</summary>
    public long MultipartThresholdBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Largest object a presigned PUT, a part or a completed upload may produce (default 100 MiB).</summary>
    public long MaxObjectBytes { get; set; } = 100L * 1024 * 1024;
}
