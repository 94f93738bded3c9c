using Hybrid.RivaLocal.PocketSphinx;

namespace Hybrid.RivaLocal.Engines;

/// <summary>Creates the recognizer for a resolved model.</summary>
internal sealed class RecognizerFactory(PocketSphinxEngine engine)
{
    /// <exception cref="EngineUnavailableException">PocketSphinx did not load on this machine.</exception>
    public IStreamingRecognizer Create(ModelDescriptor model, bool interimResults) => model.Engine switch
    {
        EngineKind.Null => new NullRecognizer(interimResults),
        _ => new PocketSphinxRecognizer(engine.Pool, interimResults),
    };
}
