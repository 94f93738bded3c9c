using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;

namespace Hybrid.Grains.Live;

/// <summary>Receives what a <see cref="LiveRecognition"/> produces; called on the grain's scheduler.</summary>
internal interface IRecognitionSink
{
    /// <summary>A result with absolute times (ms from the start of the session's audio).</summary>
    Task OnResultAsync(AsrResult result);

    /// <summary>The ASR stream broke and is being reopened.</summary>
    void OnReconnecting(string detail);

    /// <summary>The ASR stream was reopened and the unrecognised audio replayed.</summary>
    void OnReconnected();

    /// <summary>The ASR stream failed for good.</summary>
    Task OnFailedAsync(SessionException error);
}
