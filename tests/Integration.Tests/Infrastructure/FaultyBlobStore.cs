using Hybrid.Storage.Blobs;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>
/// The silo's real blob store with what a real store cannot do on demand: writes of chosen keys fail,
/// either as a store that is unreachable (<see cref="BlobStorageError.Unavailable"/>, which the silo
/// retries) or as one that went read-only or lost its credentials
/// (<see cref="BlobStorageError.AccessDenied"/>, which it does not). It also counts the writes, to
/// measure how they grow with a session's length. Everything else goes straight through.
/// </summary>
public sealed class FaultyBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly Lock _lock = new();
    private Func<string, bool>? _failWhen;
    private BlobStorageError _error;
    private int _failuresLeft;
    private int _failed;
    private long _bytesWritten;
    private long _writes;

    /// <summary>Writes that failed (were injected) so far.</summary>
    public int FailedWrites => Volatile.Read(ref _failed);

    /// <summary>Bytes of the writes that went through so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Writes that went through so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// The next <paramref name="times"/> writes of a key matching <paramref name="when"/> fail with
    /// <paramref name="error"/> (int.MaxValue: until <see cref="Heal"/>).
    /// </summary>
    public void FailWrites(Func<string, bool> when, int times = int.MaxValue, BlobStorageError error = BlobStorageError.Unavailable)
    {
        lock (_lock)
        {
            _failWhen = when;
            _failuresLeft = times;
            _error = error;
        }
    }

    /// <summary>Writes succeed again.</summary>
    public void Heal()
    {
        lock (_lock)
        {
            _failWhen = null;
        }
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_failWhen is not null && _failuresLeft > 0 && _failWhen(key))
            {
                _failuresLeft--;
                Interlocked.Increment(ref _failed);
                throw new BlobStorageException(_error, _error == BlobStorageError.AccessDenied
                    ? "injected: writes are refused"
                    : "injected: the blob store is unreachable");
            }
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
