using Hybrid.Storage.Blobs;
using Hybrid.Storage.Local;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Hybrid.Gateway.Blobs;

/// <summary>
/// Serves the local store's presigned URLs: <c>PUT /blobs/{key}</c> and <c>GET /blobs/{key}</c>.
/// They are anonymous on purpose: as with S3, the signature is the authorisation. Everything s3rver
/// leaves unchecked is checked here: signature (constant-time), expiry, method, key, the exact signed
/// <c>Content-Type</c> and an exact <c>Content-Length</c>; a refused or short body stores nothing.
/// </summary>
public static class LocalBlobEndpoints
{
    private const string LoggerName = "Hybrid.Gateway.Blobs.LocalBlobEndpoints";

    /// <summary>
    /// Maps the endpoints when the registered <see cref="IBlobStore"/> is a <see cref="LocalBlobStore"/>;
    /// with S3 (clients talk to S3 directly) it maps nothing. Request bodies may be as large as
    /// <see cref="LocalBlobStore.MaxObjectBytes"/> here, above Kestrel's 30 MB default.
    /// </summary>
    public static IEndpointRouteBuilder MapLocalBlobEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<IBlobStore>() is not LocalBlobStore store)
        {
            return app;
        }

        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        var group = app.MapGroup(LocalBlobStore.RoutePrefix)
            .AllowAnonymous()
            .WithMetadata(new BodySizeLimit(store.MaxObjectBytes));
        group.MapPut("/{**key}", (HttpContext context, string key) => PutAsync(context, key, store, logger));
        group.MapGet("/{**key}", (HttpContext context, string key) => GetAsync(context, key, store, logger));
        return app;
    }

    private static async Task<IResult> PutAsync(HttpContext context, string key, LocalBlobStore store, ILogger logger)
    {
        var verification = store.VerifyUrl(HttpMethods.Put, key, context.Request.Query);
        if (RefuseUnverified(verification, HttpMethods.Put, key, logger) is { } refusal)
        {
            return refusal;
        }

        var grant = verification.Grant!;

        // S3 signs Content-Type as a header and compares it byte for byte; so do we.
        if (grant.ContentType is { } signedType && !string.Equals(context.Request.Headers.ContentType.ToString(), signedType, StringComparison.Ordinal))
        {
            return Refuse(logger, StatusCodes.Status403Forbidden, "signature_mismatch", HttpMethods.Put, key,
                "the Content-Type header must be exactly the one the URL was signed for");
        }

        var signedLength = grant.ContentLength!.Value;
        if (context.Request.ContentLength is not { } declared)
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, "length_mismatch", HttpMethods.Put, key,
                $"a Content-Length of exactly {signedLength} bytes is required (chunked bodies are refused)");
        }

        if (declared != signedLength)
        {
            return Refuse(logger, declared > signedLength ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                "length_mismatch", HttpMethods.Put, key, $"the body must be exactly {signedLength} bytes, not {declared}");
        }

        // The signed length is the exact limit for this request, whatever the server-wide default is.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = signedLength;
        }

        try
        {
            var etag = await store.ReceiveAsync(grant, context.Request.Body, context.RequestAborted);
            context.Response.Headers.ETag = $"\"{etag}\"";
            return Results.Ok();
        }
        catch (BlobStorageException ex)
        {
            var (status, code) = ex.Error switch
            {
                BlobStorageError.LengthMismatch => (StatusCodes.Status400BadRequest, "length_mismatch"),
                BlobStorageError.TooLarge => (StatusCodes.Status413PayloadTooLarge, "too_large"),
                BlobStorageError.NotFound => (StatusCodes.Status404NotFound, "upload_not_found"),
                BlobStorageError.Conflict => (StatusCodes.Status409Conflict, "conflict"),
                _ => (StatusCodes.Status503ServiceUnavailable, "storage_unavailable"),
            };
            return Refuse(logger, status, code, HttpMethods.Put, key, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel: the body ended before Content-Length, or ran past the limit. Nothing was stored.
            return Refuse(logger, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ex.StatusCode : StatusCodes.Status400BadRequest,
                "length_mismatch", HttpMethods.Put, key, $"the body must be exactly {signedLength} bytes");
        }
    }

    private static async Task<IResult> GetAsync(HttpContext context, string key, LocalBlobStore store, ILogger logger)
    {
        var verification = store.VerifyUrl(HttpMethods.Get, key, context.Request.Query);
        if (RefuseUnverified(verification, HttpMethods.Get, key, logger) is { } refusal)
        {
            return refusal;
        }

        var blob = await store.OpenReadAsync(key, context.RequestAborted);
        if (blob is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not_found", "the object does not exist");
        }

        // User uploads are served from the app's own origin: never sniffed, and any HTML or SVG
        // runs sandboxed in an opaque origin, so an upload cannot script the app.
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private";
        if (verification.Grant!.ContentDisposition is { } disposition)
        {
            headers.ContentDisposition = disposition;
        }

        var etag = blob.Properties.ETag.Length > 0 ? new EntityTagHeaderValue($"\"{blob.Properties.ETag}\"") : null;
        return Results.Stream(blob.Content, blob.Properties.ContentType, lastModified: blob.Properties.LastModified,
            entityTag: etag, enableRangeProcessing: true);
    }

    private static IResult? RefuseUnverified(LocalUrlVerification verification, string method, string key, ILogger logger) => verification.Status switch
    {
        LocalUrlStatus.Valid => null,
        LocalUrlStatus.Expired => Refuse(logger, StatusCodes.Status403Forbidden, "url_expired", method, key, "the signed URL has expired"),
        _ => Refuse(logger, StatusCodes.Status403Forbidden, "signature_mismatch", method, key,
            "the URL's signature does not match its method, key and parameters"),
    };

    private static IResult Refuse(ILogger logger, int status, string code, string method, string key, string detail)
    {
        logger.LogInformation("Refused signed {Method} of {Key} with {Status} {Code}: {Detail}", method, key, status, code, detail);
        return Problems.Create(status, code, detail);
    }

    /// <summary>Lets uploads reach <see cref="LocalBlobStore.MaxObjectBytes"/> where the server honours size-limit metadata.</summary>
    private sealed class BodySizeLimit(long maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxBytes;
    }
}
