using Hybrid.RivaLocal.Hosting;
using Hybrid.RivaLocal.PocketSphinx;

namespace Hybrid.RivaLocal.Engines;

/// <summary>The models this server offers and how request fields select one.</summary>
internal sealed class ModelCatalog
{
    public const string StreamingModelName = "pocketsphinx-en-us-streaming";
    public const string OfflineModelName = "pocketsphinx-en-us-offline";
    public const string NullModelName = "null";

    private readonly PocketSphinxEngine _engine;
    private readonly string _defaultOnlineModel;
    private readonly ModelDescriptor[] _models;

    public ModelCatalog(RivaLocalOptions options, PocketSphinxEngine engine)
    {
        _engine = engine;
        _defaultOnlineModel = string.IsNullOrEmpty(options.DefaultModel) ? StreamingModelName : options.DefaultModel;
        var models = new List<ModelDescriptor>
        {
            new(StreamingModelName, RecognitionMode.Online, EngineKind.PocketSphinx),
            new(OfflineModelName, RecognitionMode.Offline, EngineKind.PocketSphinx),
        };
        if (options.EnableNullModel)
        {
            models.Add(new ModelDescriptor(NullModelName, RecognitionMode.Online, EngineKind.Null));
        }

        _models = [.. models];
    }

    /// <summary>Models that can serve requests right now (PocketSphinx ones only when the engine loaded).</summary>
    public IEnumerable<ModelDescriptor> Available =>
        _models.Where(model => model.Engine != EngineKind.PocketSphinx || _engine.IsAvailable);

    /// <summary>
    /// Finds the model for a request, or null when none of that name serves that mode.
    /// An empty name picks the default for the mode.
    /// </summary>
    public ModelDescriptor? Find(string requestedModel, RecognitionMode mode)
    {
        var name = requestedModel.Length > 0
            ? requestedModel
            : mode == RecognitionMode.Online ? _defaultOnlineModel : OfflineModelName;
        return Array.Find(_models, model => model.Mode == mode && string.Equals(model.Name, name, StringComparison.Ordinal));
    }
}
