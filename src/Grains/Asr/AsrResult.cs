using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Grains.Asr;

/// <summary>One recognition result mapped from Riva, with times relative to the stream's start.</summary>
public sealed record AsrResult(
    bool IsFinal,
    string Text,
    float Stability,
    float Confidence,
    IReadOnlyList<WordTiming> Words,
    long AudioProcessedMs);
