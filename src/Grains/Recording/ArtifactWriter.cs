using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Keys;

namespace Hybrid.Grains.Recording;

/// <summary>
/// Writes a session's JSON objects: <c>manifest.json</c>, <c>live.json</c> and the per-chunk
/// transcripts, and deletes them. One per session grain, which is their only writer.
/// </summary>
public sealed class ArtifactWriter(IBlobStore blobs)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task WriteManifestAsync(SessionManifest manifest) =>
        await WriteAsync(ObjectKeys.Manifest(manifest.UserId, manifest.SessionId), () => Task.FromResult(ArtifactJson.Serialize(manifest)));

    public async Task WriteLiveAsync(string userId, string sessionId, Func<Task<IReadOnlyList<TranscriptSegment>>> segments) =>
        await WriteAsync(ObjectKeys.LiveTranscription(userId, sessionId), async () => ArtifactJson.Serialize(new
        {
            sessionId,
            pass = "live",
            segments = await segments(),
        }));

    public async Task WriteChunkTranscriptAsync(string userId, string sessionId, ManifestChunk chunk, IReadOnlyList<WordTiming> words,
        LinkedTranscript? linked) =>
        await WriteAsync(ObjectKeys.ChunkTranscription(userId, sessionId, chunk.Seq), () => Task.FromResult(ArtifactJson.Serialize(new
        {
            sessionId,
            seq = chunk.Seq,
            tStartMs = chunk.TStartMs,
            tEndMs = chunk.TEndMs,
            rule = "a word belongs to the chunk that holds its midpoint",
            text = string.Join(' ', words.Select(w => w.Word)),
            words,
            linked,
        })));

    /// <summary>
    /// Keeps live audio no final covers as a 16 kHz mono WAV under the session's prefix, so a later
    /// pass can transcribe what the live pass could not.
    /// </summary>
    public async Task WriteLiveAudioAsync(string userId, string sessionId, long startMs, ReadOnlyMemory<byte> pcm) =>
        await blobs.PutAsync(ObjectKeys.LiveAudio(userId, sessionId, startMs), PcmWav.Create(pcm.Span), "audio/wav");

    /// <summary>Deletes a chunk's object and its transcript.</summary>
    public async Task DeleteChunkAsync(string userId, string sessionId, ManifestChunk chunk)
    {
        await blobs.DeleteAsync(chunk.Key);
        await blobs.DeleteAsync(ObjectKeys.ChunkTranscription(userId, sessionId, chunk.Seq));
    }

    /// <summary>Deletes every object under the session's prefix.</summary>
    public async Task DeleteAllAsync(string userId, string sessionId)
    {
        var prefix = ObjectKeys.SessionPrefix(userId, sessionId);
        string? token = null;
        do
        {
            var page = await blobs.ListAsync(prefix, token, 500);
            foreach (var item in page.Items)
            {
                await blobs.DeleteAsync(item.Key);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private async Task WriteAsync(string key, Func<Task<byte[]>> content)
    {
        // Grain turns and the live read loop both write; build the bytes inside the lock so the
        // last write always carries the newest state.
        await _lock.WaitAsync();
        try
        {
            await blobs.PutAsync(key, await content(), "application/json");
        }
        finally
        {
            _lock.Release();
        }
    }
}
