namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>How the browser records the storage path (body of <c>POST /api/audio/sessions</c>).</summary>
/// <param name="Codec">Container/codec, e.g. <c>webm/opus</c>, <c>ogg/opus</c>, <c>mp4/aac</c>, <c>wav/pcm</c>.</param>
/// <param name="SampleRate">Sample rate of the recording (informational; the second pass resamples).</param>
/// <param name="ChunkSeconds">Nominal chunk length, 1–300 s.</param>
[GenerateSerializer, Immutable]
public sealed record RecordingOptions(
    [property: Id(0)] string Codec,
    [property: Id(1)] int SampleRate,
    [property: Id(2)] int ChunkSeconds);
