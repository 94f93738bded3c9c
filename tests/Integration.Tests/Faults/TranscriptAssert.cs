using Hybrid.Protocol;
using Hybrid.TestSupport;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>Checks on a live transcript that hold whatever the recognizer's small run-to-run variations.</summary>
public static class TranscriptAssert
{
    /// <summary>
    /// Every sentence is there (most of its words), the whole is close to the reference, no final is
    /// repeated, and word times are absolute: never decreasing, and within the recording.
    /// </summary>
    public static void Complete(IReadOnlyList<TranscriptMessage> finals, IReadOnlyList<string> sentences, int durationMs)
    {
        var hypothesis = string.Join(' ', finals.Select(f => f.Text));
        var heard = hypothesis.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var sentence in sentences)
        {
            var words = sentence.Split(' ');
            var found = words.Count(heard.Contains);
            // A sentence lost in an outage scores near zero here; recognition noise costs a word or two.
            Assert.True(found * 2 >= words.Length, $"only {found}/{words.Length} words of \"{sentence}\" in \"{hypothesis}\"");
        }

        var wer = WordErrorRate.Compute(string.Join(' ', sentences), hypothesis);
        Assert.True(wer <= 0.35, $"WER {wer:P1}: \"{hypothesis}\"");
        Assert.Equal(finals.Count, finals.Select(f => f.SegmentId).Distinct().Count());
        var starts = finals.SelectMany(f => f.Words).Select(w => w.StartMs).ToArray();
        Assert.Equal(starts.Order(), starts);
        Assert.All(starts, s => Assert.InRange(s, 0, durationMs));
    }
}
