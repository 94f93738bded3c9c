using System.Text.Json;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Keys;

namespace Hybrid.Grains.Live;

/// <summary>
/// A session's finals as an append-only log in blob storage: pages of <see cref="PageSize"/> segments
/// (<c>transcriptions/segments/{page:00000}.json</c>). Only the current page is rewritten as it fills,
/// so storing a final costs the same at minute one and at hour two. The grain's state keeps the count
/// (<see cref="SessionState.NextSegmentId"/>) and the audio end of each page
/// (<see cref="SessionState.PageEndMs"/>), an index small enough to find the pages a time range needs.
/// Segments in a page at or past the count (written just before a crash, never published) are ignored
/// and overwritten.
/// </summary>
/// <remarks>Not thread-safe: used from one grain activation's turns.</remarks>
public sealed class SegmentLog(IBlobStore blobs)
{
    /// <summary>Segments per page: a page rewrite stays a few KB, the index a few hundred numbers for hours of audio.</summary>
    public const int PageSize = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private List<TranscriptSegment> _tail = [];
    private int _tailPage = -1;

    /// <summary>
    /// Appends <paramref name="segments"/> (ids continuing from the state's count) and updates the
    /// index in <paramref name="state"/>; the count itself is the caller's to advance.
    /// </summary>
    public async Task AppendAsync(string userId, string sessionId, SessionState state, IReadOnlyList<TranscriptSegment> segments)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var count = segments[0].SegmentId;
        var page = count / PageSize;
        var pending = new List<TranscriptSegment>(await TailAsync(userId, sessionId, count));
        for (var i = 0; i < segments.Count; i++)
        {
            pending.Add(segments[i]);
            if (pending.Count < PageSize && i < segments.Count - 1)
            {
                continue;
            }

            // The tail changes only once its page is stored: a failed write leaves the log as it was.
            await blobs.PutAsync(ObjectKeys.SegmentPage(userId, sessionId, page),
                JsonSerializer.SerializeToUtf8Bytes(pending, Json), "application/json");
            SetPageEnd(state, page, pending[^1].AudioProcessedMs);
            if (pending.Count == PageSize)
            {
                page++;
                pending = [];
            }

            (_tail, _tailPage) = (pending, page);
        }
    }

    /// <summary>
    /// Every stored segment, or those after <paramref name="afterId"/>, or (with
    /// <paramref name="fromMs"/>/<paramref name="toMs"/>) at least those whose words may lie in that range.
    /// </summary>
    public async Task<IReadOnlyList<TranscriptSegment>> ReadAsync(string userId, string sessionId, SessionState state,
        int afterId = -1, long fromMs = 0, long toMs = long.MaxValue)
    {
        var count = state.NextSegmentId;
        var pages = (count + PageSize - 1) / PageSize;
        var result = new List<TranscriptSegment>();
        var first = Math.Max(0, (afterId + 1) / PageSize);
        for (var page = first; page < pages; page++)
        {
            var ends = state.PageEndMs;
            if (page < ends.Count && ends[page] < fromMs)
            {
                continue; // every word of this page ends before the range
            }

            if (page >= 2 && ends[page - 2] > toMs)
            {
                break; // a whole page past the range: nothing later can be in it
            }

            var segments = page == _tailPage ? _tail : await ReadPageAsync(userId, sessionId, page);
            result.AddRange(segments.Where(s => s.SegmentId > afterId && s.SegmentId < count));
        }

        return result;
    }

    /// <summary>The page the next segment goes to, loaded once per activation.</summary>
    private async Task<List<TranscriptSegment>> TailAsync(string userId, string sessionId, int count)
    {
        var page = count / PageSize;
        if (_tailPage != page)
        {
            _tail = count % PageSize == 0
                ? []
                : (await ReadPageAsync(userId, sessionId, page)).Where(s => s.SegmentId < count).ToList();
            _tailPage = page;
        }

        return _tail;
    }

    private async Task<IReadOnlyList<TranscriptSegment>> ReadPageAsync(string userId, string sessionId, int page)
    {
        var content = await blobs.GetAsync(ObjectKeys.SegmentPage(userId, sessionId, page));
        return content is null ? [] : JsonSerializer.Deserialize<List<TranscriptSegment>>(content.Data, Json) ?? [];
    }

    private static void SetPageEnd(SessionState state, int page, long endMs)
    {
        if (page < state.PageEndMs.Count)
        {
            state.PageEndMs[page] = endMs;
        }
        else
        {
            state.PageEndMs.Add(endMs);
        }
    }
}
