namespace Hybrid.Grains.Interfaces.Live;

/// <summary>Options a session is started with; persisted with the session.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveSessionOptions(
    [property: Id(0)] string Language,
    [property: Id(1)] string? Model,
    [property: Id(2)] bool InterimResults,
    [property: Id(3)] bool Punctuation,
    [property: Id(4)] bool WordTimeOffsets,
    [property: Id(5)] IReadOnlyList<string> Hotwords,
    [property: Id(6)] int SampleRate)
{
    /// <summary>The only sample rate of the live path.</summary>
    public const int RequiredSampleRate = 16000;

    /// <summary>Recommended frame length in milliseconds.</summary>
    public const int FrameMs = 100;
}
