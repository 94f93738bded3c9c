using Hybrid.Storage.Blobs;

namespace Hybrid.Integration.Tests.Sessions;

/// <summary>
/// The silo's real blob store with two additions: it counts what is written (to measure how writes grow
/// with a session's length) and it can refuse writes to chosen keys, as a store that went read-only
/// or lost its credentials does, which the real store cannot be made to do on demand.
/// </summary>
public sealed class InstrumentedBlobStore(IBlobStore inner) : IBlobStore
{
    private long _bytesWritten;
    private long _writes;

    /// <summary>Writes to keys this matches fail with <see cref="BlobStorageError.AccessDenied"/>.</summary>
    public Func<string, bool>? RefuseWrites { get; set; }

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long Writes => Interlocked.Read(ref _writes);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        if (RefuseWrites?.Invoke(key) == true)
        {
            throw new BlobStorageException(BlobStorageError.AccessDenied, "writes are refused (injected)");
        }

        await inner.PutAsync(key, content, contentType, cancellationToken);
        Interlocked.Add(ref _bytesWritten, content.Length);
        Interlocked.Increment(ref _writes);
    }

    public Task<PresignedRequest> PresignPutAsync(PresignPutRequest request, CancellationToken cancellationToken = default) =>
        inner.PresignPutAsync(request, cancellationToken);

    public Task<PresignedRequest> PresignGetAsync(string key, TimeSpan expiresIn, string? downloadFileName = null, CancellationToken cancellationToken = default) =>
        inner.PresignGetAsync(key, expiresIn, downloadFileName, cancellationToken);

    public Task<BlobProperties?> HeadAsync(string key, CancellationToken cancellationToken = default) => inner.HeadAsync(key, cancellationToken);

    public Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default) =>
        inner.CopyAsync(sourceKey, destinationKey, cancellationToken);

    public Task<BlobListPage> ListAsync(string prefix, string? continuationToken = null, int pageSize = 100, string? delimiter = null,
        CancellationToken cancellationToken = default) => inner.ListAsync(prefix, continuationToken, pageSize, delimiter, cancellationToken);

    public Task<string> CreateMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default) =>
        inner.CreateMultipartUploadAsync(key, contentType, cancellationToken);

    public Task<PresignedRequest> PresignPartAsync(string key, string uploadId, int partNumber, long contentLength, TimeSpan expiresIn,
        CancellationToken cancellationToken = default) => inner.PresignPartAsync(key, uploadId, partNumber, contentLength, expiresIn, cancellationToken);

    public Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default) =>
        inner.CompleteMultipartUploadAsync(key, uploadId, parts, cancellationToken);

    public Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default) =>
        inner.AbortMultipartUploadAsync(key, uploadId, cancellationToken);
}
