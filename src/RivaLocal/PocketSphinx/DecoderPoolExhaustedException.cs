namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>Every allowed decoder is in use; reported as RESOURCE_EXHAUSTED.</summary>
internal sealed class DecoderPoolExhaustedException(int maxDecoders)
    : Exception($"all {maxDecoders} PocketSphinx decoders are busy; retry later");
