using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Events;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Grains.Recording;
using Hybrid.Protocol;
using Hybrid.Storage.Keys;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Hybrid.Grains.Live;

/// <summary>
/// The storage path of a session: upload URLs, verified completes, the manifest, links between chunks
/// and live words, and the session's events. The grain is the only writer of <c>manifest.json</c>, so
/// concurrent completes cannot lose an update; the rules live in <see cref="RecordingLedger"/>.
/// </summary>
public sealed partial class SessionGrain
{
    private RecordingLedger Ledger => new(_state.State.Recording, _recordingLimits, _storage.MaxObjectBytes);

    private string OwnerId => _state.State.OwnerId!;

    public async Task<RecordingInfo> CreateRecording(string userId, RecordingOptions options)
    {
        EnsureOwner(userId, allowNew: true);
        RecordingLedger.ValidateOptions(options);
        var now = _clock.UtcNow;
        if (Ledger.Create(options, now))
        {
            _state.State.OwnerId = userId;
            if (!_state.RecordExists)
            {
                _state.State.CreatedUtc = now;
            }

            await PersistAsync();
            await WriteManifestAsync();
            await UpdateIndexAsync();
        }

        return new RecordingInfo(SessionId, ObjectKeys.ChunksPrefix(userId, SessionId), _state.State.Recording.Options!,
            _state.State.Recording.CreatedUtc, _storage.MaxObjectBytes, _storage.MultipartThresholdBytes);
    }

    public async Task<ChunkUploadGrant> PresignChunk(string userId, ChunkPresignRequest request)
    {
        var ledger = EnsureRecording(userId);
        ledger.ValidatePresign(request);
        if (!await GrainFactory.GetGrain<IUserGrain>(userId).TryReserveBytes(SessionId, request.SizeBytes))
        {
            throw new SessionException(ErrorCodes.QuotaExceeded, "your storage quota is used up; delete recordings to make room");
        }

        var key = ObjectKeys.Chunk(userId, SessionId, request.Seq, request.TStartMs, request.TEndMs, request.ContentType);
        var issued = new IssuedChunk(request.Seq, key, request.TStartMs, request.TEndMs, request.ContentType, request.SizeBytes, null, _clock.UtcNow);
        var grant = await _uploads.IssueAsync(issued);
        ledger.RecordIssued(issued with { UploadId = grant.Multipart?.UploadId });
        await PersistAsync();
        return grant;
    }

    public async Task<ManifestChunk> CompleteChunk(string userId, ChunkCompleteRequest request)
    {
        var ledger = EnsureRecording(userId);
        if (ledger.AlreadyCompleted(request) is { } stored)
        {
            return stored; // idempotent: a retried complete changes nothing
        }

        var issued = ledger.CheckComplete(request);
        var head = await _uploads.VerifyAsync(SessionId, issued, request.Parts, request.Sha256);
        var chunk = ledger.Store(issued, head.Size, request.Sha256, _clock.UtcNow, userId, SessionId);
        await PersistAsync();
        LogChunkVerified(_logger, SessionId, chunk.Seq, chunk.Bytes);

        var words = await ChunkWordsAsync(chunk);
        if (words.Count > 0 || ledger.State.Linked.ContainsKey(chunk.Seq))
        {
            await WriteChunkTranscriptAsync(chunk.Seq, words);
        }

        await WriteManifestAsync();
        await UpdateIndexAsync();
        await FlushOutboxAsync();
        return ledger.Chunk(chunk.Seq);
    }

    public async Task<SessionManifest> Finalize(string userId)
    {
        var ledger = EnsureRecording(userId);
        if (!ledger.IsFinalized)
        {
            foreach (var open in ledger.Finalize(_clock.UtcNow, userId, SessionId))
            {
                await _uploads.TryAbortAsync(SessionId, open);
            }

            await PersistAsync();
            // Finalized is already saved, so a failed call is not redone by a retried one: retry here.
            await TransientRetry.RunAsync(async () =>
            {
                await FlushArtifactsAsync(force: true);
                await WriteManifestAsync();
            }, _logger, SessionId, "writing the finalized transcripts");
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
        var (expected, stored, missing) = EnsureRecording(userId).Missing(_clock.UtcNow);
        var report = new List<MissingChunk>();
        foreach (var (seq, reissue) in missing)
        {
            // A fresh URL where we know what the chunk is; otherwise the client presigns it itself.
            report.Add(new MissingChunk(seq, reissue is null ? null : await _uploads.IssueAsync(reissue)));
        }

        return new MissingChunksReport(SessionId, expected, stored, report);
    }

    public async Task<ChunkDownload> GetChunkDownload(string userId, int seq) =>
        await _uploads.DownloadAsync(EnsureRecording(userId).Chunk(seq));

    public async Task DeleteChunk(string userId, int seq)
    {
        var chunk = EnsureRecording(userId).RemoveChunk(seq);
        await PersistAsync();
        await _artifacts.DeleteChunkAsync(userId, SessionId, chunk);
        await WriteManifestAsync();
        await UpdateIndexAsync();
    }

    public async Task Delete(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        if (Running)
        {
            await DrainAndCloseAsync(null, "session deleted");
        }

        foreach (var issued in _state.State.Recording.Issued.Values.Where(i => i.UploadId is not null).ToArray())
        {
            await _uploads.TryAbortAsync(SessionId, issued);
        }

        await _artifacts.DeleteAllAsync(userId, SessionId);
        await GrainFactory.GetGrain<IUserGrain>(userId).Remove(SessionId);
        await _state.ClearStateAsync();
        LogDeleted(_logger, SessionId);
        DeactivateOnIdle();
    }

    public async Task<ManifestChunk> LinkTranscript(string userId, TranscriptLinkRequest request)
    {
        var ledger = EnsureRecording(userId);
        ledger.Link(request, _clock.UtcNow);
        await PersistAsync();
        await WriteChunkTranscriptAsync(request.Seq, await ChunkWordsAsync(ledger.Chunk(request.Seq)));
        await WriteManifestAsync();
        return ledger.Chunk(request.Seq);
    }

    private RecordingLedger EnsureRecording(string userId)
    {
        EnsureOwner(userId, allowNew: false);
        var ledger = Ledger;
        ledger.EnsureExists();
        return ledger;
    }

    private SessionManifest CurrentManifest() =>
        ManifestFactory.Create(SessionId, OwnerId, _state.State.Recording, LivePassStatus(), _clock.UtcNow);

    private string LivePassStatus() => _state.State.Status switch
    {
        "new" => _state.State.NextSegmentId > 0 ? "complete" : "none",
        SessionStates.Stopped => "complete",
        var status => status,
    };

    private async Task WriteManifestAsync() => await _artifacts.WriteManifestAsync(CurrentManifest());

    private async Task WriteLiveTranscriptAsync() => await _artifacts.WriteLiveAsync(OwnerId, SessionId, ReadFinalsAsync);

    private async Task WriteChunkTranscriptAsync(int seq, IReadOnlyList<Interfaces.Live.WordTiming> words)
    {
        var ledger = Ledger;
        if (!ledger.State.Chunks.TryGetValue(seq, out var chunk))
        {
            return;
        }

        ledger.State.Linked.TryGetValue(seq, out var linked);
        await _artifacts.WriteChunkTranscriptAsync(OwnerId, SessionId, chunk, words, linked);
        if (ledger.SetTranscription(seq, words.Count))
        {
            await PersistAsync();
        }
    }

    private async Task UpdateIndexAsync()
    {
        // The index row is rewritten with every change, so a failed update heals with the next one.
        var manifest = CurrentManifest();
        var summary = new SessionSummary(
            SessionId, _state.State.CreatedUtc, manifest.Status, manifest.Chunks.Count, manifest.DurationMs, manifest.TotalBytes);
        await Bookkeeping.TryAsync(() => GrainFactory.GetGrain<IUserGrain>(OwnerId).Upsert(summary), _logger, SessionId,
            "updating the session index");
    }

    private async Task FlushOutboxAsync()
    {
        var outbox = _state.State.Recording.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        try
        {
            var stream = this.GetStreamProvider(RecordingStreams.Provider)
                .GetStream<RecordingEvent>(StreamId.Create(RecordingStreams.Namespace, OwnerId));
            foreach (var item in outbox.ToArray())
            {
                await stream.OnNextAsync(item);
                outbox.Remove(item);
            }
        }
        catch (Exception ex) when (ex is not SessionException)
        {
            // Kept in the outbox (persisted with the change): published again on the next change or activation.
            LogOutboxPending(_logger, SessionId, outbox.Count, ex.Message);
        }
        finally
        {
            await PersistAsync();
        }
    }
}
