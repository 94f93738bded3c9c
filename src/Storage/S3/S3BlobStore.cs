using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.S3;

/// <summary>
/// <see cref="IBlobStore"/> on Amazon S3 (AWSSDK.S3 v4) or an S3-compatible endpoint.
/// Presigned PUTs bind <c>Content-Type</c> and <c>Content-Length</c> into the SigV4 signature, so S3
/// itself refuses another type or size; sizes above <see cref="StorageOptions.MaxObjectBytes"/> are
/// never signed. Errors come out as <see cref="BlobStorageException"/> (404 as null/false).
/// </summary>
public sealed class S3BlobStore : IBlobStore
{
    private readonly IAmazonS3 _s3;
    private readonly StorageOptions _options;
    private readonly string _bucket;
    private readonly Protocol _urlProtocol;
    private readonly TimeProvider _time;
    private readonly ILogger<S3BlobStore> _logger;

    public S3BlobStore(IAmazonS3 s3, IOptions<StorageOptions> options, ILogger<S3BlobStore> logger, TimeProvider? timeProvider = null)
    {
        _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
        _options = options.Value;
        _bucket = string.IsNullOrWhiteSpace(_options.Bucket)
            ? throw new InvalidOperationException("Storage:Bucket is required when Storage:Provider=S3")
            : _options.Bucket;

        // The SDK would presign https even for an http endpoint such as s3rver.
        _urlProtocol = Uri.TryCreate(_options.ServiceUrl, UriKind.Absolute, out var endpoint) && endpoint.Scheme == Uri.UriSchemeHttp
            ? Protocol.HTTP
            : Protocol.HTTPS;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<PresignedRequest> PresignPutAsync(PresignPutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        BlobArguments.Key(request.Key, nameof(request));
        BlobArguments.ContentType(request.ContentType, nameof(request));
        BlobArguments.Expiry(request.ExpiresIn, nameof(request));
        BlobArguments.PutLength(request.ContentLength, _options.MaxObjectBytes, request.Key);

        var expiresAt = _time.GetUtcNow() + request.ExpiresIn;
        var presign = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = request.Key,
            Verb = HttpVerb.PUT,
            ContentType = request.ContentType,
            Expires = expiresAt.UtcDateTime,
            Protocol = _urlProtocol,
        };

        // Setting the length makes the SDK sign content-length, so S3 refuses any other size.
        presign.Headers.ContentLength = request.ContentLength;
        var url = await Call("presign PUT", request.Key, () => _s3.GetPreSignedURLAsync(presign));
        _logger.LogDebug("Presigned S3 PUT of {Key} ({ContentLength} bytes of {ContentType}) until {ExpiresAt}",
            request.Key, request.ContentLength, request.ContentType, expiresAt);
        return new PresignedRequest("PUT", new Uri(url), new Dictionary<string, string> { ["Content-Type"] = request.ContentType }, expiresAt);
    }

    /// <inheritdoc />
    public async Task<PresignedRequest> PresignGetAsync(string key, TimeSpan expiresIn, string? downloadFileName = null, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.Expiry(expiresIn);
        var expiresAt = _time.GetUtcNow() + expiresIn;
        var presign = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = _urlProtocol,
        };
        if (!string.IsNullOrWhiteSpace(downloadFileName))
        {
            presign.ResponseHeaderOverrides.ContentDisposition = DownloadNames.ContentDisposition(downloadFileName);
        }

        var url = await Call("presign GET", key, () => _s3.GetPreSignedURLAsync(presign));
        return new PresignedRequest("GET", new Uri(url), new Dictionary<string, string>(), expiresAt);
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        try
        {
            var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new BlobProperties(key, head.ContentLength, head.Headers.ContentType ?? string.Empty,
                BlobArguments.BareETag(head.ETag), ToOffset(head.LastModified));
        }
        catch (AmazonServiceException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            throw Map("HEAD", key, ex);
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.ContentType(contentType);
        BlobArguments.PutLength(content.Length, _options.MaxObjectBytes, key);
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var put = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            ContentType = contentType,
            InputStream = body,
            AutoCloseStream = false,

            // aws-chunked framing is stored verbatim by some S3-compatible servers (s3rver);
            // a plain signed payload works everywhere.
            UseChunkEncoding = false,
        };
        await Call("PUT", key, () => _s3.PutObjectAsync(put, cancellationToken));
        _logger.LogDebug("Stored {Key} in S3 ({Size} bytes of {ContentType})", key, content.Length, contentType);
    }

    /// <inheritdoc />
    public async Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
            using var buffer = new MemoryStream(response.ContentLength is > 0 and <= int.MaxValue ? (int)response.ContentLength : 0);
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            var properties = new BlobProperties(key, buffer.Length, response.Headers.ContentType ?? string.Empty,
                BlobArguments.BareETag(response.ETag), ToOffset(response.LastModified));
            return new BlobContent(properties, buffer.ToArray());
        }
        catch (AmazonServiceException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            throw Map("GET", key, ex);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        // S3 answers 204 whether or not the key existed; HEAD first tells the caller which.
        if (await HeadAsync(key, cancellationToken) is null)
        {
            return false;
        }

        await Call("DELETE", key, () => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken));
        _logger.LogDebug("Deleted {Key} from S3", key);
        return true;
    }

    /// <inheritdoc />
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(sourceKey, nameof(sourceKey));
        BlobArguments.Key(destinationKey, nameof(destinationKey));
        await Call("COPY", sourceKey, () => _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = sourceKey,
            DestinationBucket = _bucket,
            DestinationKey = destinationKey,
        }, cancellationToken));
        _logger.LogDebug("Copied {SourceKey} to {DestinationKey} in S3", sourceKey, destinationKey);
    }

    /// <inheritdoc />
    /// <remarks>S3 listings carry no content type, so <see cref="BlobProperties.ContentType"/> is empty here (HEAD for it).</remarks>
    public async Task<BlobListPage> ListAsync(string prefix, string? continuationToken = null, int pageSize = 100, string? delimiter = null, CancellationToken cancellationToken = default)
    {
        BlobArguments.Prefix(prefix);
        BlobArguments.PageSize(pageSize);
        var request = new ListObjectsV2Request
        {
            BucketName = _bucket,
            Prefix = prefix,
            MaxKeys = pageSize,
            ContinuationToken = string.IsNullOrEmpty(continuationToken) ? null : continuationToken,
            Delimiter = string.IsNullOrEmpty(delimiter) ? null : delimiter,
        };
        var response = await Call("LIST", prefix, () => _s3.ListObjectsV2Async(request, cancellationToken));

        // SDK v4 leaves empty collections null.
        var items = (response.S3Objects ?? [])
            .Select(o => new BlobProperties(o.Key, o.Size ?? 0, string.Empty, BlobArguments.BareETag(o.ETag), ToOffset(o.LastModified)))
            .ToList();
        var prefixes = response.CommonPrefixes ?? [];
        var next = response.IsTruncated == true && !string.IsNullOrEmpty(response.NextContinuationToken) ? response.NextContinuationToken : null;
        return new BlobListPage(items, prefixes, next);
    }

    /// <inheritdoc />
    public async Task<string> CreateMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.ContentType(contentType);
        var response = await Call("create multipart upload", key, () => _s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = contentType }, cancellationToken));
        _logger.LogDebug("Started S3 multipart upload {UploadId} of {Key}", response.UploadId, key);
        return response.UploadId;
    }

    /// <inheritdoc />
    public async Task<PresignedRequest> PresignPartAsync(string key, string uploadId, int partNumber, long contentLength, TimeSpan expiresIn, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadId);
        BlobArguments.PartNumber(partNumber);
        BlobArguments.PartLength(contentLength, _options.MaxObjectBytes, key);
        BlobArguments.Expiry(expiresIn);
        var expiresAt = _time.GetUtcNow() + expiresIn;
        var presign = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            UploadId = uploadId,
            PartNumber = partNumber,
            Expires = expiresAt.UtcDateTime,
            Protocol = _urlProtocol,
        };
        presign.Headers.ContentLength = contentLength;
        var url = await Call("presign part", key, () => _s3.GetPreSignedURLAsync(presign));
        return new PresignedRequest("PUT", new Uri(url), new Dictionary<string, string>(), expiresAt);
    }

    /// <inheritdoc />
    public async Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadId);
        BlobArguments.Parts(parts);
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = parts.Select(p => new PartETag(p.PartNumber, $"\"{BlobArguments.BareETag(p.ETag)}\"")).ToList(),
        };
        await Call("complete multipart upload", key, () => _s3.CompleteMultipartUploadAsync(request, cancellationToken));

        // Every part URL was size-bound, but a caller may have signed many parts: check the total.
        var head = await HeadAsync(key, cancellationToken);
        if (head is not null && head.Size > _options.MaxObjectBytes)
        {
            await Call("DELETE", key, () => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken));
            throw new BlobStorageException(BlobStorageError.TooLarge,
                $"the assembled object '{key}' has {head.Size} bytes, more than Storage:MaxObjectBytes={_options.MaxObjectBytes}; it was deleted");
        }

        _logger.LogInformation("Completed S3 multipart upload {UploadId} of {Key} from {PartCount} parts", uploadId, key, parts.Count);
    }

    /// <inheritdoc />
    public async Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadId);
        try
        {
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, cancellationToken);
            _logger.LogDebug("Aborted S3 multipart upload {UploadId} of {Key}", uploadId, key);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already completed, aborted or never there: aborting is idempotent.
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            throw Map("abort multipart upload", key, ex);
        }
    }

    private async Task<T> Call<T>(string operation, string key, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            throw Map(operation, key, ex);
        }
    }

    private static bool IsStorageFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException;

    private BlobStorageException Map(string operation, string key, Exception ex)
    {
        var (error, detail) = ex switch
        {
            AmazonServiceException service => (Classify(service), $"{service.ErrorCode ?? "error"} (HTTP {(int)service.StatusCode})"),
            _ => (BlobStorageError.Unavailable, ex.GetType().Name),
        };

        // The SDK's own messages can quote request details; ours name only the operation, key and code.
        _logger.LogWarning(ex, "S3 {Operation} of {Key} failed: {Detail}", operation, key, detail);
        return new BlobStorageException(error, $"S3 {operation} of '{key}' failed: {detail}", ex);
    }

    private static BlobStorageError Classify(AmazonServiceException ex) => ex.StatusCode switch
    {
        HttpStatusCode.NotFound => BlobStorageError.NotFound,
        HttpStatusCode.Conflict => BlobStorageError.Conflict,
        HttpStatusCode.RequestEntityTooLarge => BlobStorageError.TooLarge,
        HttpStatusCode.Forbidden => BlobStorageError.AccessDenied,
        HttpStatusCode.BadRequest when ex.ErrorCode is "EntityTooLarge" => BlobStorageError.TooLarge,
        HttpStatusCode.BadRequest => BlobStorageError.InvalidRequest,
        _ => BlobStorageError.Unavailable,
    };

    private static DateTimeOffset ToOffset(DateTime? value) => value is { } v
        ? new DateTimeOffset(v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime())
        : DateTimeOffset.MinValue;
}
