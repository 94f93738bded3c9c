using System.Security.Cryptography;
using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Protocol;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Recording;

/// <summary>The blob I/O of chunk uploads: upload URLs (single or multipart), assembling, verifying, aborting.</summary>
public sealed partial class ChunkUploads(IBlobStore blobs, StorageOptions storage, RecordingLimits limits, ILogger logger)
{
    public async Task<ChunkUploadGrant> IssueAsync(IssuedChunk issued)
    {
        var lifetime = limits.UploadUrlLifetime;
        if (issued.SizeBytes <= storage.MultipartThresholdBytes)
        {
            var put = await blobs.PresignPutAsync(new PresignPutRequest(issued.Key, issued.ContentType, issued.SizeBytes, lifetime));
            return new ChunkUploadGrant(issued.Seq, issued.Key, put.Url.ToString(), put.Headers, (int)lifetime.TotalSeconds, null);
        }

        var uploadId = await blobs.CreateMultipartUploadAsync(issued.Key, issued.ContentType);
        var partSize = Math.Max(5L * 1024 * 1024, limits.PartSizeBytes);
        var parts = new List<PartGrant>();
        for (long offset = 0, number = 1; offset < issued.SizeBytes; offset += partSize, number++)
        {
            var size = Math.Min(partSize, issued.SizeBytes - offset);
            var part = await blobs.PresignPartAsync(issued.Key, uploadId, (int)number, size, lifetime);
            parts.Add(new PartGrant((int)number, part.Url.ToString(), size, part.Headers));
        }

        return new ChunkUploadGrant(issued.Seq, issued.Key, null, new Dictionary<string, string>(), (int)lifetime.TotalSeconds,
            new MultipartGrant(uploadId, partSize, parts));
    }

    /// <summary>Assembles a multipart upload (if it was one) and checks the stored object; returns its properties.</summary>
    public async Task<BlobProperties> VerifyAsync(string sessionId, IssuedChunk issued, IReadOnlyList<UploadedPart>? parts, string? sha256)
    {
        if (issued.UploadId is { } uploadId)
        {
            await CompleteMultipartAsync(issued, uploadId, parts);
        }

        var head = await blobs.HeadAsync(issued.Key)
            ?? throw new SessionException(ErrorCodes.UploadMissing, $"chunk {issued.Seq} is not in storage; upload it, then complete");
        string? problem = null;
        var code = ErrorCodes.SizeMismatch;
        if (head.Size != issued.SizeBytes)
        {
            problem = $"storage holds {head.Size} bytes for chunk {issued.Seq}, not the {issued.SizeBytes} presigned";
        }
        else if (!SameMediaType(head.ContentType, issued.ContentType))
        {
            code = ErrorCodes.ContentTypeMismatch;
            problem = $"chunk {issued.Seq} was stored as '{head.ContentType}', not '{issued.ContentType}'";
        }
        else if (sha256 is not null)
        {
            var content = await blobs.GetAsync(issued.Key);
            var actual = content is null ? null : Convert.ToHexStringLower(SHA256.HashData(content.Data));
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
            {
                code = ErrorCodes.ChecksumMismatch;
                problem = $"the sha256 of chunk {issued.Seq} does not match";
            }
        }

        if (problem is not null)
        {
            // A wrong object must not linger under the chunk's key: remove it so a retry starts clean.
            LogChunkRefused(logger, sessionId, issued.Seq, code);
            await blobs.DeleteAsync(issued.Key);
            throw new SessionException(code, problem);
        }

        return head;
    }

    public async Task TryAbortAsync(string sessionId, IssuedChunk issued)
    {
        try
        {
            await blobs.AbortMultipartUploadAsync(issued.Key, issued.UploadId!);
        }
        catch (BlobStorageException ex)
        {
            LogAbortFailed(logger, sessionId, issued.Seq, ex.Message);
        }
    }

    public async Task<ChunkDownload> DownloadAsync(ManifestChunk chunk)
    {
        var lifetime = limits.UploadUrlLifetime;
        var get = await blobs.PresignGetAsync(chunk.Key, lifetime);
        return new ChunkDownload(chunk.Seq, get.Url.ToString(), chunk.ContentType, (int)lifetime.TotalSeconds);
    }

    private async Task CompleteMultipartAsync(IssuedChunk issued, string uploadId, IReadOnlyList<UploadedPart>? parts)
    {
        if (parts is null || parts.Count == 0)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"chunk {issued.Seq} was a multipart upload: send its parts and their ETags");
        }

        try
        {
            await blobs.CompleteMultipartUploadAsync(issued.Key, uploadId,
                parts.OrderBy(p => p.PartNumber).Select(p => new CompletedPart(p.PartNumber, p.ETag)).ToArray());
        }
        catch (BlobStorageException ex) when (ex.Error is BlobStorageError.InvalidRequest or BlobStorageError.NotFound or BlobStorageError.Conflict)
        {
            // Already assembled by an earlier complete whose answer was lost? Then the HEAD decides.
            if (await blobs.HeadAsync(issued.Key) is null)
            {
                throw new SessionException(ErrorCodes.UploadMissing, $"the parts of chunk {issued.Seq} could not be assembled: {ex.Message}");
            }
        }
    }

    private static bool SameMediaType(string stored, string expected) =>
        string.Equals(stored.Split(';')[0].Trim(), expected.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: chunk {Seq} refused at complete ({Code}); the object was removed")]
    private static partial void LogChunkRefused(ILogger logger, string sessionId, int seq, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: aborting the multipart upload of chunk {Seq} failed: {Error}")]
    private static partial void LogAbortFailed(ILogger logger, string sessionId, int seq, string error);
}
