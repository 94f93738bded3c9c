using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Events;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Protocol;
using Hybrid.Storage.Keys;

namespace Hybrid.Grains.Recording;

/// <summary>
/// The chunk ledger of a session's recording over its <see cref="RecordingState"/>: what may be
/// uploaded, what was issued and stored, what is expected, and the events each change causes. No I/O:
/// the grain does the storage calls around it (<see cref="ChunkUploads"/>, <see cref="ArtifactWriter"/>).
/// </summary>
public sealed class RecordingLedger(RecordingState state, RecordingLimits limits, long maxObjectBytes)
{
    private static readonly string[] Codecs = ["webm/opus", "ogg/opus", "mp4/aac", "wav/pcm", "mpeg/mp3"];

    public RecordingState State => state;

    public bool Exists => state.Options is not null;

    public bool IsFinalized => state.FinalizedUtc is not null;

    public static void ValidateOptions(RecordingOptions options)
    {
        if (!Codecs.Contains(options.Codec))
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"codec must be one of {string.Join(", ", Codecs)}");
        }

        if (options.ChunkSeconds is < 1 or > 300 || options.SampleRate is < 8000 or > 192000)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "chunkSeconds must be 1-300 and sampleRate 8000-192000");
        }
    }

    /// <summary>Starts the recording; false when it already exists (creating is idempotent).</summary>
    public bool Create(RecordingOptions options, DateTimeOffset now)
    {
        if (state.Options is not null)
        {
            return false;
        }

        state.Options = options;
        state.CreatedUtc = now;
        state.History.Add(new StatusChange("recording", now, null));
        return true;
    }

    public void EnsureExists()
    {
        if (state.Options is null)
        {
            throw new SessionException(ErrorCodes.NotFound, "no such recording session");
        }
    }

    public void EnsureNotFinalized()
    {
        if (IsFinalized)
        {
            throw new SessionException(ErrorCodes.SessionFinalized, "the session is finalized; it takes no more uploads");
        }
    }

    /// <summary>Checks a presign request: bounds, type, size, and that the chunk is not stored yet.</summary>
    public void ValidatePresign(ChunkPresignRequest request)
    {
        EnsureNotFinalized();
        if (request.Seq is < 0 or > 99_999 || request.TStartMs < 0 || request.TEndMs <= request.TStartMs ||
            request.TEndMs - request.TStartMs > (long)limits.MaxChunkDuration.TotalMilliseconds)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "seq must be 0-99999 and 0 <= tStartMs < tEndMs within 10 minutes");
        }

        if (!AudioContentTypes.TryGetExtension(request.ContentType, out _))
        {
            throw new SessionException(ErrorCodes.InvalidArgument, $"contentType '{request.ContentType}' is not a supported audio type");
        }

        if (request.SizeBytes <= 0 || request.SizeBytes > maxObjectBytes)
        {
            throw new SessionException(ErrorCodes.PayloadTooLarge, $"sizeBytes must be 1-{maxObjectBytes}");
        }

        if (state.Chunks.ContainsKey(request.Seq))
        {
            throw new SessionException(ErrorCodes.Conflict, $"chunk {request.Seq} is already stored; delete it first to replace it");
        }
    }

    public void RecordIssued(IssuedChunk issued) => state.Issued[issued.Seq] = issued;

    /// <summary>The stored entry when this complete was already done (a retried complete changes nothing).</summary>
    public ManifestChunk? AlreadyCompleted(ChunkCompleteRequest request) =>
        state.Chunks.TryGetValue(request.Seq, out var stored) && stored.Key == request.ObjectKey ? stored : null;

    /// <summary>The issued upload a complete refers to; throws when the complete does not match it.</summary>
    public IssuedChunk CheckComplete(ChunkCompleteRequest request)
    {
        EnsureNotFinalized();
        if (!state.Issued.TryGetValue(request.Seq, out var issued))
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

        return issued;
    }

    /// <summary>Enters a verified chunk and the event that says so.</summary>
    public ManifestChunk Store(IssuedChunk issued, long bytes, string? sha256, DateTimeOffset now, string userId, string sessionId)
    {
        var chunk = new ManifestChunk(issued.Seq, issued.Key, issued.TStartMs, issued.TEndMs, bytes, issued.ContentType,
            sha256?.ToLowerInvariant(), now, false, 0);
        state.Chunks[chunk.Seq] = chunk;
        state.Issued.Remove(chunk.Seq);
        state.Outbox.Add(new RecordingEvent($"{sessionId}/chunk/{chunk.Seq}", RecordingEventTypes.ChunkUploaded, userId, sessionId,
            chunk.UploadedUtc, chunk.Seq, chunk.Key, chunk.Bytes, null, null));
        return chunk;
    }

    /// <summary>Seals the recording; returns the multipart uploads left open, to abort.</summary>
    public IReadOnlyList<IssuedChunk> Finalize(DateTimeOffset now, string userId, string sessionId)
    {
        state.FinalizedUtc = now;
        state.History.Add(new StatusChange("finalized", now, null));
        var open = state.Issued.Values.Where(i => i.UploadId is not null).ToArray();
        state.Issued.Clear();
        state.Outbox.Add(new RecordingEvent($"{sessionId}/finalized", RecordingEventTypes.SessionFinalized, userId, sessionId, now,
            null, ObjectKeys.Manifest(userId, sessionId), state.Chunks.Values.Sum(c => c.Bytes), state.Chunks.Count,
            state.Chunks.Count == 0 ? 0 : state.Chunks.Values.Max(c => c.TEndMs)));
        return open;
    }

    /// <summary>Expected and stored chunks, and for each missing one the upload that can be issued again (if any).</summary>
    public (IReadOnlyList<int> Expected, IReadOnlyList<int> Stored, IReadOnlyList<(int Seq, IssuedChunk? Reissue)> Missing) Missing(DateTimeOffset now)
    {
        var expected = ExpectedChunks.Compute(state, now);
        var stored = state.Chunks.Keys.Order().ToArray();
        var missing = expected.Except(stored)
            .Select(seq => (seq, !IsFinalized && state.Issued.TryGetValue(seq, out var issued) && issued.UploadId is null ? issued : null))
            .ToArray();
        return (expected, stored, missing);
    }

    public ManifestChunk Chunk(int seq) =>
        state.Chunks.TryGetValue(seq, out var chunk) ? chunk : throw new SessionException(ErrorCodes.NotFound, $"chunk {seq} is not stored");

    public ManifestChunk RemoveChunk(int seq)
    {
        if (!state.Chunks.Remove(seq, out var chunk))
        {
            throw new SessionException(ErrorCodes.NotFound, $"chunk {seq} is not stored");
        }

        state.Linked.Remove(seq);
        return chunk;
    }

    public void Link(TranscriptLinkRequest request, DateTimeOffset now)
    {
        Chunk(request.Seq);
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 100_000 || (request.Words?.Count ?? 0) > 20_000)
        {
            throw new SessionException(ErrorCodes.InvalidArgument, "text must be 1-100000 characters with at most 20000 words");
        }

        var source = string.IsNullOrWhiteSpace(request.Source) ? "external" : request.Source.Trim()[..Math.Min(64, request.Source.Trim().Length)];
        state.Linked[request.Seq] = new LinkedTranscript(request.Text.Trim(), request.Words ?? [], source, now);
    }

    /// <summary>Records what a chunk's transcript holds; true when the entry changed.</summary>
    public bool SetTranscription(int seq, int wordCount)
    {
        if (!state.Chunks.TryGetValue(seq, out var chunk))
        {
            return false;
        }

        var updated = chunk with { HasTranscription = wordCount > 0 || state.Linked.ContainsKey(seq), WordCount = wordCount };
        state.Chunks[seq] = updated;
        return updated != chunk;
    }
}
