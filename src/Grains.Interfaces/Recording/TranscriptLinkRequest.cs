using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>Body of <c>POST /api/transcription/link</c>: transcript text made elsewhere, linked to a chunk.</summary>
[GenerateSerializer, Immutable]
public sealed record TranscriptLinkRequest(
    [property: Id(0)] string SessionId,
    [property: Id(1)] int Seq,
    [property: Id(2)] string Text,
    [property: Id(3)] IReadOnlyList<WordTiming>? Words,
    [property: Id(4)] string? Source);
