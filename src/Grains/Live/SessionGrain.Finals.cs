using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Recording;

namespace Hybrid.Grains.Live;

/// <summary>Where the session's finals are kept and read back from.</summary>
public sealed partial class SessionGrain
{
    /// <summary>Stores a final (and the resume point it advances) before anyone may see it.</summary>
    private async Task StoreFinalAsync(TranscriptSegment segment)
    {
        var s = _state.State;
        s.Finals.Add(segment);
        _cursor.Advance(s, segment.AudioProcessedMs);
        s.NextSegmentId++;
        await TransientRetry.RunAsync(PersistAsync, _logger, SessionId, "saving a final");
    }

    private Task<IReadOnlyList<TranscriptSegment>> ReadFinalsAsync() =>
        Task.FromResult<IReadOnlyList<TranscriptSegment>>(_state.State.Finals.ToArray());

    private async Task<IReadOnlyList<WordTiming>> ChunkWordsAsync(Interfaces.Recording.ManifestChunk chunk) =>
        ChunkWords.In(await ReadFinalsAsync(), chunk.TStartMs, chunk.TEndMs);

    /// <summary>Live finals changed: rewrite the transcripts of the chunks they fall in, and live.json.</summary>
    private async Task OnFinalForRecordingAsync(TranscriptSegment segment)
    {
        var recording = _state.State.Recording;
        if (recording.Options is null || _state.State.OwnerId is null)
        {
            return;
        }

        var touched = recording.Chunks.Values.Where(c => ChunkWords.Touches(segment, c.TStartMs, c.TEndMs)).ToArray();
        foreach (var chunk in touched)
        {
            await WriteChunkTranscriptAsync(chunk.Seq, await ChunkWordsAsync(chunk));
        }

        await WriteLiveTranscriptAsync();
        if (touched.Length > 0)
        {
            await WriteManifestAsync();
        }
    }
}
