using Hybrid.RivaLocal.Engines;

namespace Hybrid.RivaLocal.Services;

/// <summary>A <c>RecognitionConfig</c> that passed validation, reduced to what the server uses.</summary>
/// <param name="Model">The resolved model.</param>
/// <param name="SampleRate">16000, or 0 when the audio must carry a WAV header.</param>
/// <param name="WordTimeOffsets">Put word details on finals.</param>
/// <param name="AutomaticPunctuation">Capitalise and end finals with a full stop.</param>
internal sealed record ValidatedConfig(ModelDescriptor Model, int SampleRate, bool WordTimeOffsets, bool AutomaticPunctuation);
