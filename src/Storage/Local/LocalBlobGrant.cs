namespace Hybrid.Storage.Local;

/// <summary>
/// What a verified local signed URL allows: <see cref="Method"/> on <see cref="Key"/> until
/// <see cref="ExpiresAt"/>; for a PUT exactly <see cref="ContentLength"/> bytes, of
/// <see cref="ContentType"/> for a whole object, or as part <see cref="PartNumber"/> of
/// <see cref="UploadId"/>; for a GET, an optional forced-download <see cref="ContentDisposition"/>.
/// </summary>
public sealed record LocalBlobGrant(
    string Method,
    string Key,
    DateTimeOffset ExpiresAt,
    string? ContentType,
    long? ContentLength,
    string? UploadId,
    int? PartNumber,
    string? ContentDisposition);
