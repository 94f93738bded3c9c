namespace Hybrid.RivaLocal.Engines;

/// <summary>An interim or final hypothesis produced by a recognizer.</summary>
/// <param name="IsFinal">True once per utterance; false for a replaceable interim.</param>
/// <param name="Transcript">Lower-case words separated by single spaces; never empty.</param>
/// <param name="Words">Word details (finals only; empty for interims).</param>
/// <param name="Confidence">0..1 for finals; 0 (unset) for interims.</param>
/// <param name="Stability">Below 1 for interims; 0 for finals.</param>
/// <param name="AudioProcessedSeconds">Stream position when the update was produced.</param>
internal sealed record RecognitionUpdate(
    bool IsFinal,
    string Transcript,
    IReadOnlyList<RecognizedWord> Words,
    float Confidence,
    float Stability,
    double AudioProcessedSeconds);
