namespace Hybrid.Storage.Blobs;

/// <summary>
/// Object storage with presigned URLs: clients upload and download directly, the server only signs
/// and verifies. Keys are always built by the server (see <c>ObjectKeys</c>); implementations must
/// still refuse keys that are not normalised relative paths.
/// </summary>
public interface IBlobStore
{
    /// <summary>A URL for one <c>PUT</c> of exactly <see cref="PresignPutRequest.ContentLength"/> bytes of <see cref="PresignPutRequest.ContentType"/>.</summary>
    Task<PresignedRequest> PresignPutAsync(PresignPutRequest request, CancellationToken cancellationToken = default);

    /// <summary>A URL for <c>GET</c>; with <paramref name="downloadFileName"/> the response forces a download under that name.</summary>
    Task<PresignedRequest> PresignGetAsync(string key, TimeSpan expiresIn, string? downloadFileName = null, CancellationToken cancellationToken = default);

    /// <summary>Size, type and ETag of an object, or null when it does not exist.</summary>
    Task<BlobProperties?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole object from the server side (manifests, transcripts).</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole object, or null when it does not exist.</summary>
    Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; true if it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Copies an object (rename and move are copy + delete).</summary>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>One page of keys under <paramref name="prefix"/>, in key order; with a delimiter, "folders" come back as prefixes.</summary>
    Task<BlobListPage> ListAsync(string prefix, string? continuationToken = null, int pageSize = 100, string? delimiter = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a multipart upload (for large chunks); returns its upload id.</summary>
    Task<string> CreateMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default);

    /// <summary>A URL for <c>PUT</c> of one part (1-based <paramref name="partNumber"/>).</summary>
    Task<PresignedRequest> PresignPartAsync(string key, string uploadId, int partNumber, long contentLength, TimeSpan expiresIn, CancellationToken cancellationToken = default);

    /// <summary>Assembles the parts in order; each part's ETag is what its PUT returned.</summary>
    Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default);

    /// <summary>Abandons a multipart upload and frees its parts.</summary>
    Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default);
}
