using Hybrid.RivaLocal.Engines;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Services;

/// <summary>Maps engine updates to Riva result messages according to the request's options.</summary>
internal sealed class ResultFormatter(ValidatedConfig config)
{
    public StreamingRecognitionResult ToStreamingResult(RecognitionUpdate update) => new()
    {
        IsFinal = update.IsFinal,
        Stability = update.Stability,
        AudioProcessed = (float)update.AudioProcessedSeconds,
        Alternatives = { ToAlternative(update) },
    };

    public SpeechRecognitionResult ToOfflineResult(RecognitionUpdate update) => new()
    {
        AudioProcessed = (float)update.AudioProcessedSeconds,
        Alternatives = { ToAlternative(update) },
    };

    private SpeechRecognitionAlternative ToAlternative(RecognitionUpdate update)
    {
        var alternative = new SpeechRecognitionAlternative
        {
            Transcript = update.IsFinal && config.AutomaticPunctuation ? Punctuate(update.Transcript) : update.Transcript,
            Confidence = update.Confidence,
        };

        if (update.IsFinal && config.WordTimeOffsets)
        {
            foreach (var word in update.Words)
            {
                alternative.Words.Add(new WordInfo
                {
                    Word = word.Word,
                    StartTime = word.StartMs,
                    EndTime = word.EndMs,
                    Confidence = word.Confidence,
                });
            }
        }

        return alternative;
    }

    /// <summary>The engines have no punctuation model: sentence case and a full stop per utterance.</summary>
    private static string Punctuate(string transcript) =>
        transcript.Length == 0 ? transcript : string.Concat(char.ToUpperInvariant(transcript[0]).ToString(), transcript.AsSpan(1), ".");
}
