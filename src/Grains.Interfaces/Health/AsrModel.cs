namespace Hybrid.Grains.Interfaces.Health;

/// <summary>A model the recognizer offers, as its <c>GetRivaSpeechRecognitionConfig</c> describes it.</summary>
/// <param name="Name">The model name a session may ask for.</param>
/// <param name="LanguageCode">Its BCP-47 language, or null when the recognizer does not say.</param>
/// <param name="Streaming">True when it serves streaming (online) recognition.</param>
[GenerateSerializer, Immutable]
public sealed record AsrModel(
    [property: Id(0)] string Name,
    [property: Id(1)] string? LanguageCode,
    [property: Id(2)] bool Streaming);
