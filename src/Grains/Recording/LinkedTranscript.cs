using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Grains.Recording;

/// <summary>Transcript text for one chunk produced outside the live path.</summary>
[GenerateSerializer]
public sealed record LinkedTranscript(
    [property: Id(0)] string Text,
    [property: Id(1)] IReadOnlyList<WordTiming> Words,
    [property: Id(2)] string Source,
    [property: Id(3)] DateTimeOffset LinkedUtc);
