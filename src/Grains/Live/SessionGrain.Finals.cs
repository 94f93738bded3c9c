using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Grains.Recording;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>
/// Where the session's finals are kept (<see cref="SegmentLog"/>) and read back from, and the
/// artifacts made of them (<c>live.json</c>, chunk transcripts, the manifest), which are flushed on a
/// short timer and when the session stops or is finalized, not per final.
/// </summary>
public sealed partial class SessionGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(2);

    private readonly HashSet<int> _dirtyChunks = [];
    private int _liveWritten;
    private IGrainTimer? _flush;

    /// <summary>Stores a final (and the resume point it advances) before anyone may see it.</summary>
    private async Task StoreFinalAsync(TranscriptSegment segment)
    {
        var s = _state.State;
        await TransientRetry.RunAsync(() => _log.AppendAsync(OwnerId, SessionId, s, [segment]), _logger, SessionId, "appending a final");
        _cursor.Advance(s, segment.AudioProcessedMs);
        s.NextSegmentId++;
        await TransientRetry.RunAsync(PersistAsync, _logger, SessionId, "saving a final");
    }

    private async Task<IReadOnlyList<TranscriptSegment>> ReadFinalsAsync() =>
        _state.State.NextSegmentId == 0 ? [] : await _log.ReadAsync(OwnerId, SessionId, _state.State);

    private async Task<IReadOnlyList<WordTiming>> ChunkWordsAsync(ManifestChunk chunk) =>
        _state.State.NextSegmentId == 0
            ? []
            : ChunkWords.In(await _log.ReadAsync(OwnerId, SessionId, _state.State, fromMs: chunk.TStartMs, toMs: chunk.TEndMs),
                chunk.TStartMs, chunk.TEndMs);

    /// <summary>A final was stored: the artifacts it changes are rewritten by the next flush.</summary>
    private void OnFinalForRecording(TranscriptSegment segment)
    {
        var recording = _state.State.Recording;
        if (recording.Options is null)
        {
            return;
        }

        foreach (var chunk in recording.Chunks.Values.Where(c => ChunkWords.Touches(segment, c.TStartMs, c.TEndMs)))
        {
            _dirtyChunks.Add(chunk.Seq);
        }

        _flush ??= this.RegisterGrainTimer(FlushOnTimerAsync, new GrainTimerCreationOptions(FlushPeriod, FlushPeriod));
    }

    private async Task FlushOnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushArtifactsAsync(force: false);
        }
        catch (Exception ex)
        {
            // Nothing is lost: the finals are in the log; the next flush writes the artifacts again.
            LogFlushFailed(_logger, SessionId, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>The last flush of a session that ends; a failure is logged, never the end of the stop.</summary>
    private async Task FlushFinallyAsync()
    {
        _flush?.Dispose();
        _flush = null;
        try
        {
            await TransientRetry.RunAsync(() => FlushArtifactsAsync(force: true), _logger, SessionId, "writing the transcripts");
        }
        catch (Exception ex)
        {
            LogFlushFailed(_logger, SessionId, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Writes the chunk transcripts finals changed and, when it grew enough (or <paramref name="force"/>),
    /// <c>live.json</c>. live.json holds every final, so it is rewritten only after it grew by an eighth:
    /// its writes add up to a few times its final size however long the session runs.
    /// </summary>
    private async Task FlushArtifactsAsync(bool force)
    {
        if (_state.State.Recording.Options is null || _state.State.OwnerId is null)
        {
            return;
        }

        var manifestChanged = false;
        foreach (var seq in _dirtyChunks.Order().ToArray())
        {
            if (_state.State.Recording.Chunks.TryGetValue(seq, out var chunk))
            {
                await WriteChunkTranscriptAsync(seq, await ChunkWordsAsync(chunk));
                manifestChanged = true;
            }

            _dirtyChunks.Remove(seq);
        }

        var count = _state.State.NextSegmentId;
        if (force || count - _liveWritten >= Math.Max(1, _liveWritten / 8))
        {
            await WriteLiveTranscriptAsync();
            _liveWritten = count;
        }

        if (manifestChanged)
        {
            await WriteManifestAsync();
        }
    }

    /// <summary>Moves finals kept in the state by an earlier version into the segment log.</summary>
    private async Task MigrateLegacyFinalsAsync()
    {
        var s = _state.State;
        if (s.Finals.Count == 0 || s.OwnerId is null)
        {
            return;
        }

        await _log.AppendAsync(s.OwnerId, SessionId, s, s.Finals.OrderBy(f => f.SegmentId).ToArray());
        s.Finals.Clear();
        await PersistAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: writing the transcripts failed ({Error}: {Message}); the next flush retries")]
    private static partial void LogFlushFailed(ILogger logger, string sessionId, string error, string message);
}
