using System.Text;

namespace Hybrid.TestSupport;

/// <summary>Word error rate: word-level Levenshtein distance over lower-cased, punctuation-free words.</summary>
public static class WordErrorRate
{
    /// <summary>Errors ÷ reference words (0 for two empty texts; 1+ is possible with many insertions).</summary>
    public static double Compute(string reference, string hypothesis) => Count(reference, hypothesis).Rate;

    /// <summary>Substitutions + deletions + insertions, and the reference length, for pooling over many clips.</summary>
    public static WordErrorCount Count(string reference, string hypothesis)
    {
        var expected = Normalize(reference);
        var actual = Normalize(hypothesis);
        var previous = new int[actual.Count + 1];
        var current = new int[actual.Count + 1];
        for (var j = 0; j <= actual.Count; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= expected.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= actual.Count; j++)
            {
                var substitution = previous[j - 1] + (expected[i - 1] == actual[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return new WordErrorCount(previous[actual.Count], expected.Count);
    }

    /// <summary>Lower-cases and splits into words, dropping punctuation (apostrophes inside words stay).</summary>
    public static IReadOnlyList<string> Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? char.ToLowerInvariant(text[i]) : ' ';
            var innerApostrophe = c == '\'' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            if (char.IsLetterOrDigit(c) || innerApostrophe)
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        return words;
    }
}
