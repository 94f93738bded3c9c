namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>Maps decoder segment words to transcript words.</summary>
internal static class DictionaryWord
{
    /// <summary>
    /// Returns the transcript form of a segment word, or null for non-words: sentence markers
    /// (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>), silence (<c>&lt;sil&gt;</c>) and fillers such as <c>[NOISE]</c>.
    /// Alternate pronunciations (<c>read(2)</c>) lose their suffix.
    /// </summary>
    public static string? ToTranscriptWord(string segmentWord)
    {
        if (segmentWord.Length == 0 || segmentWord[0] is '<' or '[' or '+')
        {
            return null;
        }

        var alternate = segmentWord.IndexOf('(');
        var word = alternate > 0 && segmentWord[^1] == ')' ? segmentWord[..alternate] : segmentWord;
        return word.Length == 0 ? null : word;
    }
}
