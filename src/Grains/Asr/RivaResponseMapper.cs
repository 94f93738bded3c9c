using Hybrid.Grains.Interfaces.Live;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Asr;

/// <summary>Maps Riva streaming responses to <see cref="AsrResult"/>.</summary>
public static class RivaResponseMapper
{
    /// <summary>
    /// Results that carry a transcript. Riva may send responses with no results, and results that only
    /// carry VAD pipeline states; both are skipped.
    /// </summary>
    public static IEnumerable<AsrResult> Map(StreamingRecognizeResponse response)
    {
        foreach (var result in response.Results)
        {
            if (result.Alternatives.Count == 0)
            {
                continue;
            }

            var best = result.Alternatives[0];
            var words = best.Words
                .Select(w => new WordTiming(w.Word, w.StartTime, w.EndTime, w.Confidence))
                .ToArray();
            var processedMs = (long)Math.Round(result.AudioProcessed * 1000.0);
            yield return new AsrResult(result.IsFinal, best.Transcript.Trim(), result.Stability, best.Confidence, words, processedMs);
        }
    }
}
