using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;

namespace Hybrid.Grains.Live;

/// <summary>Receives what a <see cref="LiveRecognition"/> produces; called on the grain's scheduler.</summary>
internal interface IRecognitionSink
{
    /// <summary>
    /// A result with absolute times (ms from the start of the session's audio). When this throws, the
    /// same result instance may be delivered again (a few times, with back-off) before the session
    /// fails: book it once and publish it once.
    /// </summary>
    Task OnResultAsync(AsrResult result);

    /// <summary>The ASR stream broke and is being reopened; audio keeps being accepted and buffered.</summary>
    void OnReconnecting(string detail);

    /// <summary>The ASR stream was reopened and the unrecognised audio is being replayed.</summary>
    void OnReconnected();

    /// <summary>
    /// Audio that no final covers and never will (the recognition ended first): 16 kHz PCM16 mono
    /// starting at absolute <paramref name="startMs"/>. Store it so a later pass can transcribe it.
    /// Called before <see cref="OnFailedAsync"/>, possibly more than once (contiguous blocks).
    /// </summary>
    Task OnUnrecognizedAudioAsync(long startMs, ReadOnlyMemory<byte> pcm);

    /// <summary>The ASR stream failed for good (or the result path did): end the session.</summary>
    Task OnFailedAsync(SessionException error);
}
