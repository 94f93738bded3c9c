namespace Hybrid.RivaLocal.Engines;

/// <summary>
/// Recognises one audio stream (16 kHz mono PCM16). Not thread-safe: one caller per stream.
/// Disposing releases the engine resources (for PocketSphinx: the decoder back to the pool).
/// </summary>
internal interface IStreamingRecognizer : IDisposable
{
    /// <summary>Total samples accepted so far.</summary>
    long SamplesProcessed { get; }

    /// <summary>Consumes one client audio message and appends the updates it caused.</summary>
    void Accept(ReadOnlySpan<short> samples, List<RecognitionUpdate> updates);

    /// <summary>Ends the stream, flushing the utterance in progress as a final (if it has words).</summary>
    void Complete(List<RecognitionUpdate> updates);
}
