using Hybrid.Storage.Blobs;
using Microsoft.Net.Http.Headers;

namespace Hybrid.Storage.Keys;

/// <summary>Argument checks shared by both stores, so they refuse exactly the same inputs.</summary>
internal static class BlobArguments
{
    /// <summary>S3's limit for one PUT and for one part.</summary>
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>S3's smallest part, except the last one.</summary>
    public const long MinPartBytes = 5L * 1024 * 1024;

    public const int MaxPartNumber = 10_000;

    public const int MaxPageSize = 1000;

    /// <summary>SigV4 presigned URLs live at most seven days; the local store keeps the same ceiling.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(7);

    public static void Key(string key, string paramName = "key")
    {
        if (!ObjectKeys.IsValidKey(key))
        {
            throw new ArgumentException("the key is not a normalised relative path (build keys with ObjectKeys)", paramName);
        }
    }

    public static void Prefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (trimmed.Length > 0 && !ObjectKeys.IsValidKey(trimmed))
        {
            throw new ArgumentException("the prefix is not a normalised relative path", nameof(prefix));
        }
    }

    public static void ContentType(string contentType, string paramName = "contentType")
    {
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Length > 255 || contentType.Any(char.IsControl)
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.SubType.Length == 0)
        {
            throw new ArgumentException("the content type is not a valid media type", paramName);
        }
    }

    public static void Expiry(TimeSpan expiresIn, string paramName = "expiresIn")
    {
        if (expiresIn < TimeSpan.FromSeconds(1) || expiresIn > MaxExpiry)
        {
            throw new ArgumentOutOfRangeException(paramName, expiresIn, "presigned URLs must expire within 1 second to 7 days");
        }
    }

    public static void PartNumber(int partNumber, string paramName = "partNumber") =>
        ArgumentOutOfRangeException.ThrowIfNotEqual(partNumber is >= 1 and <= MaxPartNumber, true, paramName);

    public static void PageSize(int pageSize) =>
        ArgumentOutOfRangeException.ThrowIfNotEqual(pageSize is >= 1 and <= MaxPageSize, true, nameof(pageSize));

    public static void PutLength(long contentLength, long maxObjectBytes, string key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        var limit = Math.Min(maxObjectBytes, MaxSinglePutBytes);
        if (contentLength > limit)
        {
            throw new BlobStorageException(BlobStorageError.TooLarge, $"{contentLength} bytes for '{key}' exceed the limit of {limit} bytes");
        }
    }

    public static void PartLength(long contentLength, long maxObjectBytes, string key)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contentLength);
        var limit = Math.Min(maxObjectBytes, MaxSinglePutBytes);
        if (contentLength > limit)
        {
            throw new BlobStorageException(BlobStorageError.TooLarge, $"a part of {contentLength} bytes for '{key}' exceeds the limit of {limit} bytes");
        }
    }

    /// <summary>Parts must be listed once each, in ascending order, like S3 requires.</summary>
    public static void Parts(IReadOnlyList<CompletedPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Count > MaxPartNumber)
        {
            throw new ArgumentException("a multipart upload needs 1 to 10,000 parts", nameof(parts));
        }

        var previous = 0;
        foreach (var part in parts)
        {
            PartNumber(part.PartNumber, nameof(parts));
            if (part.PartNumber <= previous)
            {
                throw new ArgumentException("parts must be listed in ascending part-number order without repeats", nameof(parts));
            }

            if (string.IsNullOrWhiteSpace(part.ETag))
            {
                throw new ArgumentException($"part {part.PartNumber} has no ETag", nameof(parts));
            }

            previous = part.PartNumber;
        }
    }

    /// <summary>ETags travel quoted in HTTP; the contract carries them bare.</summary>
    public static string BareETag(string? etag) => (etag ?? string.Empty).Trim().Trim('"');
}
