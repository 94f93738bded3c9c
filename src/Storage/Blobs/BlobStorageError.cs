namespace Hybrid.Storage.Blobs;

/// <summary>Why a storage operation failed, stable across stores so callers can map it to an HTTP status.</summary>
public enum BlobStorageError
{
    /// <summary>The object, source or multipart upload does not exist (404).</summary>
    NotFound,

    /// <summary>The key collides with another object or "folder" (409).</summary>
    Conflict,

    /// <summary>The request was refused as invalid, e.g. parts out of order or a wrong part ETag (400).</summary>
    InvalidRequest,

    /// <summary>The body was not exactly the signed number of bytes (400).</summary>
    LengthMismatch,

    /// <summary>The object would exceed <c>Storage:MaxObjectBytes</c> or a protocol limit (413).</summary>
    TooLarge,

    /// <summary>The storage service refused our credentials (a configuration problem, 500).</summary>
    AccessDenied,

    /// <summary>The storage service failed or could not be reached (503).</summary>
    Unavailable,
}
