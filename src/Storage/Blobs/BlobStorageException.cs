namespace Hybrid.Storage.Blobs;

/// <summary>
/// A storage operation failed. The message names the operation, the key and a service error code,
/// never credentials or signed URLs, so it is safe to log (not to show to clients verbatim).
/// </summary>
public sealed class BlobStorageException : Exception
{
    public BlobStorageException(BlobStorageError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>The kind of failure.</summary>
    public BlobStorageError Error { get; }
}
