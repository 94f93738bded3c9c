namespace Hybrid.Bench.OfflineSweep;

/// <summary>How a whole recording is fed to the decoder.</summary>
internal enum DecodeMode
{
    /// <summary>What <c>Recognize</c> does today: 100 ms chunks, VAD utterances, live CMN from the model's estimate.</summary>
    Streaming,

    /// <summary>Streaming twice: the second pass starts from the cepstral mean the first pass ended with.</summary>
    TwoPass,

    /// <summary>The whole recording as one utterance with batch CMN (word times are not usable this way).</summary>
    WholeBatch,
}
