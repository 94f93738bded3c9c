using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Grains.Recording;

/// <summary>
/// Which live words belong to a chunk. A word belongs to the chunk whose <c>[tStartMs, tEndMs)</c>
/// holds its midpoint, so a word that straddles a chunk boundary is linked exactly once.
/// </summary>
public static class ChunkWords
{
    public static IReadOnlyList<WordTiming> In(IEnumerable<TranscriptSegment> finals, long tStartMs, long tEndMs) =>
        finals.SelectMany(f => f.Words).Where(w => Contains(w, tStartMs, tEndMs)).ToArray();

    /// <summary>True when the word's midpoint lies in <c>[tStartMs, tEndMs)</c>.</summary>
    public static bool Contains(WordTiming word, long tStartMs, long tEndMs)
    {
        var mid = (word.StartMs + (long)word.EndMs) / 2.0;
        return mid >= tStartMs && mid < tEndMs;
    }

    /// <summary>Whether any word of <paramref name="segment"/> falls in the chunk.</summary>
    public static bool Touches(TranscriptSegment segment, long tStartMs, long tEndMs) =>
        segment.Words.Any(w => Contains(w, tStartMs, tEndMs));
}
