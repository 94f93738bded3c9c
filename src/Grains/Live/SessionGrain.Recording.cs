using System.Security.Cryptography;
using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Events;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Grains.Recording;
using Hybrid.Protocol;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Keys;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Hybrid.Grains.Live;

/// <summary>
/// The storage path of a session: upload URLs, verified completes, the manifest, links between chunks
/// and live words, and the session's events. One grain is the only writer of <c>manifest.json</c>,
/// so concurrent completes cannot lose an update.
/// </summary>
public sealed partial class SessionGrain
{
    private static readonly string[] Codecs = ["webm/opus", "ogg/opus", "mp4/aac", "wav/pcm", "mpeg/mp3"];

    private RecordingState Recording => _state.State.Recording;

    private bool IsFinalized => Recording.FinalizedUtc is not null;

    public async Task<RecordingInfo> CreateRecording(string userId, RecordingOptions options)
    {
        EnsureOwner(userId, allowNew: true);
        if (!Codecs.Contains(options.Codec))
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"codec must be one of {string.Join(", ", Codecs)}");
        }

        if (options.ChunkSeconds is < 1 or > 300 || options.SampleRate is < 8000 or > 192000)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "chunkSeconds must be 1-300 and sampleRate 8000-192000");
        }

        if (Recording.Options is null)
        {
            var now = _clock.UtcNow;
            _state.State.OwnerId = userId;
            if (!_state.RecordExists)
            {
                _state.State.CreatedUtc = now;
            }

            Recording.Options = options;
            Recording.CreatedUtc = now;
            Recording.History.Add(new StatusChange("recording", now, null));
            await PersistAsync();
            await WriteManifestAsync();
            await UpdateIndexAsync();
        }

        return new RecordingInfo(SessionId, ObjectKeys.ChunksPrefix(userId, SessionId), Recording.Options, Recording.CreatedUtc,
            _storage.MaxObjectBytes, _storage.MultipartThresholdBytes);
    }

    public async Task<ChunkUploadGrant> PresignChunk(string userId, ChunkPresignRequest request)
    {
        EnsureRecording(userId);
        EnsureNotFinalized();
        ValidateChunk(request);
        if (Recording.Chunks.ContainsKey(request.Seq))
        {
            throw new SessionException(ErrorCodes.Conflict, $"chunk {request.Seq} is already stored; delete it first to replace it");
        }

        if (!await GrainFactory.GetGrain<IUserGrain>(userId).TryReserveBytes(SessionId, request.SizeBytes))
        {
            throw new SessionException(ErrorCodes.QuotaExceeded, "your storage quota is used up; delete recordings to make room");
        }

        var key = ObjectKeys.Chunk(userId, SessionId, request.Seq, request.TStartMs, request.TEndMs, request.ContentType);
        var issued = new IssuedChunk(request.Seq, key, request.TStartMs, request.TEndMs, request.ContentType, request.SizeBytes, null, _clock.UtcNow);
        var grant = await IssueAsync(issued);
        Recording.Issued[request.Seq] = issued with { UploadId = grant.Multipart?.UploadId };
        await PersistAsync();
        return grant;
    }

    public async Task<ManifestChunk> CompleteChunk(string userId, ChunkCompleteRequest request)
    {
        EnsureRecording(userId);
        if (Recording.Chunks.TryGetValue(request.Seq, out var stored) && stored.Key == request.ObjectKey)
        {
            return stored; // idempotent: a retried complete changes nothing
        }

        EnsureNotFinalized();
        if (!Recording.Issued.TryGetValue(request.Seq, out var issued))
        {
            throw new SessionException(ErrorCodes.UploadMissing, $"no upload was issued for chunk {request.Seq}; presign it first");
        }

        if (request.ObjectKey != issued.Key)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"objectKey is not the key issued for chunk {request.Seq}");
        }

        if (request.Bytes != issued.SizeBytes)
        {
            throw new SessionException(ErrorCodes.SizeMismatch, $"chunk {request.Seq} was presigned for {issued.SizeBytes} bytes, not {request.Bytes}");
        }

        if (issued.UploadId is { } uploadId)
        {
            await CompleteMultipartAsync(issued, uploadId, request.Parts);
        }

        var head = await _blobs.HeadAsync(issued.Key);
        if (head is null)
        {
            throw new SessionException(ErrorCodes.UploadMissing, $"chunk {request.Seq} is not in storage; upload it, then complete");
        }

        await VerifyObjectAsync(issued, head, request.Sha256);
        var words = ChunkWords.In(_state.State.Finals, issued.TStartMs, issued.TEndMs);
        var chunk = new ManifestChunk(issued.Seq, issued.Key, issued.TStartMs, issued.TEndMs, head.Size, issued.ContentType,
            request.Sha256?.ToLowerInvariant(), _clock.UtcNow, false, 0);
        Recording.Chunks[chunk.Seq] = chunk;
        Recording.Issued.Remove(chunk.Seq);
        Recording.Outbox.Add(new RecordingEvent($"{SessionId}/chunk/{chunk.Seq}", RecordingEventTypes.ChunkUploaded, userId, SessionId,
            chunk.UploadedUtc, chunk.Seq, chunk.Key, chunk.Bytes, null, null));
        await PersistAsync();
        LogChunkVerified(_logger, SessionId, chunk.Seq, chunk.Bytes);

        if (words.Count > 0 || Recording.Linked.ContainsKey(chunk.Seq))
        {
            await WriteChunkTranscriptionAsync(chunk.Seq);
        }

        await WriteManifestAsync();
        await UpdateIndexAsync();
        await FlushOutboxAsync();
        return Recording.Chunks[chunk.Seq];
    }

    public async Task<SessionManifest> Finalize(string userId)
    {
        EnsureRecording(userId);
        if (!IsFinalized)
        {
            var now = _clock.UtcNow;
            Recording.FinalizedUtc = now;
            Recording.History.Add(new StatusChange("finalized", now, null));
            foreach (var issued in Recording.Issued.Values.Where(i => i.UploadId is not null).ToArray())
            {
                await TryAbortMultipartAsync(issued);
            }

            Recording.Issued.Clear();
            Recording.Outbox.Add(new RecordingEvent($"{SessionId}/finalized", RecordingEventTypes.SessionFinalized, userId, SessionId, now,
                null, ObjectKeys.Manifest(userId, SessionId), Recording.Chunks.Values.Sum(c => c.Bytes), Recording.Chunks.Count,
                Recording.Chunks.Count == 0 ? 0 : Recording.Chunks.Values.Max(c => c.TEndMs)));
            await PersistAsync();
            await WriteLiveTranscriptionAsync();
            await WriteManifestAsync();
            await UpdateIndexAsync();
            await FlushOutboxAsync();
        }

        return CurrentManifest();
    }

    public Task<SessionManifest> GetManifest(string userId)
    {
        EnsureRecording(userId);
        return Task.FromResult(CurrentManifest());
    }

    public async Task<MissingChunksReport> GetMissingChunks(string userId)
    {
        EnsureRecording(userId);
        var expected = ExpectedChunks.Compute(Recording, _clock.UtcNow);
        var stored = Recording.Chunks.Keys.Order().ToArray();
        var missing = new List<MissingChunk>();
        foreach (var seq in expected.Except(stored))
        {
            // A fresh URL where we know what the chunk is; otherwise the client presigns it itself.
            var grant = !IsFinalized && Recording.Issued.TryGetValue(seq, out var issued) && issued.UploadId is null
                ? await IssueAsync(issued)
                : null;
            missing.Add(new MissingChunk(seq, grant));
        }

        return new MissingChunksReport(SessionId, expected, stored, missing);
    }

    public async Task<ChunkDownload> GetChunkDownload(string userId, int seq)
    {
        EnsureRecording(userId);
        if (!Recording.Chunks.TryGetValue(seq, out var chunk))
        {
            throw new SessionException(ErrorCodes.NotFound, $"chunk {seq} is not stored");
        }

        var lifetime = _recordingLimits.UploadUrlLifetime;
        var get = await _blobs.PresignGetAsync(chunk.Key, lifetime);
        return new ChunkDownload(seq, get.Url.ToString(), chunk.ContentType, (int)lifetime.TotalSeconds);
    }

    public async Task DeleteChunk(string userId, int seq)
    {
        EnsureRecording(userId);
        if (!Recording.Chunks.Remove(seq, out var chunk))
        {
            throw new SessionException(ErrorCodes.NotFound, $"chunk {seq} is not stored");
        }

        Recording.Linked.Remove(seq);
        await PersistAsync();
        await _blobs.DeleteAsync(chunk.Key);
        await _blobs.DeleteAsync(ObjectKeys.ChunkTranscription(userId, SessionId, seq));
        await WriteManifestAsync();
        await UpdateIndexAsync();
    }

    public async Task Delete(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        if (Running)
        {
            await _recognition!.CompleteAsync();
            await CloseRecognitionAsync("stopped", "session deleted");
        }

        foreach (var issued in Recording.Issued.Values.Where(i => i.UploadId is not null).ToArray())
        {
            await TryAbortMultipartAsync(issued);
        }

        var prefix = ObjectKeys.SessionPrefix(userId, SessionId);
        string? token = null;
        do
        {
            var page = await _blobs.ListAsync(prefix, token, 500);
            foreach (var item in page.Items)
            {
                await _blobs.DeleteAsync(item.Key);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        await GrainFactory.GetGrain<IUserGrain>(userId).Remove(SessionId);
        await _state.ClearStateAsync();
        LogDeleted(_logger, SessionId);
        DeactivateOnIdle();
    }

    public async Task<ManifestChunk> LinkTranscript(string userId, TranscriptLinkRequest request)
    {
        EnsureRecording(userId);
        if (!Recording.Chunks.ContainsKey(request.Seq))
        {
            throw new SessionException(ErrorCodes.NotFound, $"chunk {request.Seq} is not stored");
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 100_000 || (request.Words?.Count ?? 0) > 20_000)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "text must be 1-100000 characters with at most 20000 words");
        }

        var source = string.IsNullOrWhiteSpace(request.Source) ? "external" : request.Source.Trim()[..Math.Min(64, request.Source.Trim().Length)];
        Recording.Linked[request.Seq] = new LinkedTranscript(request.Text.Trim(), request.Words ?? [], source, _clock.UtcNow);
        await PersistAsync();
        await WriteChunkTranscriptionAsync(request.Seq);
        await WriteManifestAsync();
        return Recording.Chunks[request.Seq];
    }

    /// <summary>Live finals changed: rewrite the transcripts of the chunks they fall in, and live.json.</summary>
    private async Task OnFinalForRecordingAsync(TranscriptSegment segment)
    {
        if (Recording.Options is null || _state.State.OwnerId is null)
        {
            return;
        }

        var touched = Recording.Chunks.Values.Where(c => ChunkWords.Touches(segment, c.TStartMs, c.TEndMs)).Select(c => c.Seq).ToArray();
        foreach (var seq in touched)
        {
            await WriteChunkTranscriptionAsync(seq);
        }

        await WriteLiveTranscriptionAsync();
        if (touched.Length > 0)
        {
            await WriteManifestAsync();
        }
    }

    private async Task<ChunkUploadGrant> IssueAsync(IssuedChunk issued)
    {
        var lifetime = _recordingLimits.UploadUrlLifetime;
        if (issued.SizeBytes <= _storage.MultipartThresholdBytes)
        {
            var put = await _blobs.PresignPutAsync(new PresignPutRequest(issued.Key, issued.ContentType, issued.SizeBytes, lifetime));
            return new ChunkUploadGrant(issued.Seq, issued.Key, put.Url.ToString(), put.Headers, (int)lifetime.TotalSeconds, null);
        }

        var uploadId = await _blobs.CreateMultipartUploadAsync(issued.Key, issued.ContentType);
        var partSize = Math.Max(5L * 1024 * 1024, _recordingLimits.PartSizeBytes);
        var parts = new List<PartGrant>();
        for (long offset = 0, number = 1; offset < issued.SizeBytes; offset += partSize, number++)
        {
            var size = Math.Min(partSize, issued.SizeBytes - offset);
            var part = await _blobs.PresignPartAsync(issued.Key, uploadId, (int)number, size, lifetime);
            parts.Add(new PartGrant((int)number, part.Url.ToString(), size, part.Headers));
        }

        return new ChunkUploadGrant(issued.Seq, issued.Key, null, new Dictionary<string, string>(), (int)lifetime.TotalSeconds,
            new MultipartGrant(uploadId, partSize, parts));
    }

    private async Task CompleteMultipartAsync(IssuedChunk issued, string uploadId, IReadOnlyList<UploadedPart>? parts)
    {
        if (parts is null || parts.Count == 0)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"chunk {issued.Seq} was a multipart upload: send its parts and their ETags");
        }

        try
        {
            await _blobs.CompleteMultipartUploadAsync(issued.Key, uploadId,
                parts.OrderBy(p => p.PartNumber).Select(p => new CompletedPart(p.PartNumber, p.ETag)).ToArray());
        }
        catch (BlobStorageException ex) when (ex.Error is BlobStorageError.InvalidRequest or BlobStorageError.NotFound or BlobStorageError.Conflict)
        {
            // Already assembled by an earlier complete whose answer was lost? Then the HEAD below decides.
            if (await _blobs.HeadAsync(issued.Key) is null)
            {
                throw new SessionException(ErrorCodes.UploadMissing, $"the parts of chunk {issued.Seq} could not be assembled: {ex.Message}");
            }
        }
    }

    private async Task VerifyObjectAsync(IssuedChunk issued, BlobProperties head, string? sha256)
    {
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
            var content = await _blobs.GetAsync(issued.Key);
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
            LogChunkRefused(_logger, SessionId, issued.Seq, code);
            await _blobs.DeleteAsync(issued.Key);
            throw new SessionException(code, problem);
        }
    }

    private static bool SameMediaType(string stored, string expected) =>
        string.Equals(stored.Split(';')[0].Trim(), expected.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase);

    private void ValidateChunk(ChunkPresignRequest request)
    {
        if (request.Seq is < 0 or > 99_999 || request.TStartMs < 0 || request.TEndMs <= request.TStartMs ||
            request.TEndMs - request.TStartMs > (long)_recordingLimits.MaxChunkDuration.TotalMilliseconds)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "seq must be 0-99999 and 0 <= tStartMs < tEndMs within 10 minutes");
        }

        if (!AudioContentTypes.TryGetExtension(request.ContentType, out _))
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"contentType '{request.ContentType}' is not a supported audio type");
        }

        if (request.SizeBytes <= 0 || request.SizeBytes > _storage.MaxObjectBytes)
        {
            throw new SessionException(ErrorCodes.PayloadTooLarge, $"sizeBytes must be 1-{_storage.MaxObjectBytes}");
        }
    }

    private void EnsureRecording(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        if (Recording.Options is null)
        {
            throw new SessionException(ErrorCodes.NotFound, "no such recording session");
        }
    }

    private void EnsureNotFinalized()
    {
        if (IsFinalized)
        {
            throw new SessionException(ErrorCodes.SessionFinalized, "the session is finalized; it takes no more uploads");
        }
    }

    private SessionManifest CurrentManifest() =>
        ManifestFactory.Create(SessionId, _state.State.OwnerId!, Recording, LivePassStatus(), _clock.UtcNow);

    private string LivePassStatus() => _state.State.Status switch
    {
        "new" => _state.State.Finals.Count > 0 ? "complete" : "none",
        "stopped" => "complete",
        var status => status,
    };

    private async Task WriteManifestAsync() =>
        await WriteArtifactAsync(ObjectKeys.Manifest(_state.State.OwnerId!, SessionId), () => ArtifactJson.Serialize(CurrentManifest()));

    private async Task WriteLiveTranscriptionAsync() =>
        await WriteArtifactAsync(ObjectKeys.LiveTranscription(_state.State.OwnerId!, SessionId), () => ArtifactJson.Serialize(new
        {
            sessionId = SessionId,
            pass = "live",
            segments = _state.State.Finals,
        }));

    private async Task WriteChunkTranscriptionAsync(int seq)
    {
        if (!Recording.Chunks.TryGetValue(seq, out var chunk))
        {
            return;
        }

        var words = ChunkWords.In(_state.State.Finals, chunk.TStartMs, chunk.TEndMs);
        Recording.Linked.TryGetValue(seq, out var linked);
        await WriteArtifactAsync(ObjectKeys.ChunkTranscription(_state.State.OwnerId!, SessionId, seq), () => ArtifactJson.Serialize(new
        {
            sessionId = SessionId,
            seq,
            tStartMs = chunk.TStartMs,
            tEndMs = chunk.TEndMs,
            rule = "a word belongs to the chunk that holds its midpoint",
            text = string.Join(' ', words.Select(w => w.Word)),
            words,
            linked,
        }));
        var updated = chunk with { HasTranscription = words.Count > 0 || linked is not null, WordCount = words.Count };
        if (updated != chunk)
        {
            Recording.Chunks[seq] = updated;
            await PersistAsync();
        }
    }

    private async Task WriteArtifactAsync(string key, Func<byte[]> content)
    {
        // Grain turns and the live read loop both write; build the bytes inside the lock so the
        // last write always carries the newest state.
        await _artifactLock.WaitAsync();
        try
        {
            await _blobs.PutAsync(key, content(), "application/json");
        }
        finally
        {
            _artifactLock.Release();
        }
    }

    private async Task UpdateIndexAsync()
    {
        // The index row is rewritten with every change, so a failed update heals with the next one.
        var manifest = CurrentManifest();
        var summary = new SessionSummary(
            SessionId, _state.State.CreatedUtc, manifest.Status, manifest.Chunks.Count, manifest.DurationMs, manifest.TotalBytes);
        await Bookkeeping.TryAsync(() => GrainFactory.GetGrain<IUserGrain>(_state.State.OwnerId!).Upsert(summary), _logger, SessionId,
            "updating the session index");
    }

    private async Task FlushOutboxAsync()
    {
        if (Recording.Outbox.Count == 0)
        {
            return;
        }

        try
        {
            var stream = this.GetStreamProvider(RecordingStreams.Provider)
                .GetStream<RecordingEvent>(StreamId.Create(RecordingStreams.Namespace, _state.State.OwnerId!));
            foreach (var item in Recording.Outbox.ToArray())
            {
                await stream.OnNextAsync(item);
                Recording.Outbox.Remove(item);
            }
        }
        catch (Exception ex) when (ex is not SessionException)
        {
            // Kept in the outbox (persisted with the change): published again on the next change or activation.
            LogOutboxPending(_logger, SessionId, Recording.Outbox.Count, ex.Message);
        }
        finally
        {
            await PersistAsync();
        }
    }

    private async Task TryAbortMultipartAsync(IssuedChunk issued)
    {
        try
        {
            await _blobs.AbortMultipartUploadAsync(issued.Key, issued.UploadId!);
        }
        catch (BlobStorageException ex)
        {
            LogAbortFailed(_logger, SessionId, issued.Seq, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: chunk {Seq} verified ({Bytes} bytes)")]
    private static partial void LogChunkVerified(ILogger logger, string sessionId, int seq, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: chunk {Seq} refused at complete ({Code}); the object was removed")]
    private static partial void LogChunkRefused(ILogger logger, string sessionId, int seq, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} deleted with all its objects")]
    private static partial void LogDeleted(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Count} events wait in the outbox: {Error}")]
    private static partial void LogOutboxPending(ILogger logger, string sessionId, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: aborting the multipart upload of chunk {Seq} failed: {Error}")]
    private static partial void LogAbortFailed(ILogger logger, string sessionId, int seq, string error);
}
