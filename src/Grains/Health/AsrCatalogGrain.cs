using Grpc.Core;
using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Health;
using Orleans.Concurrency;

namespace Hybrid.Grains.Health;

/// <summary>Asks the silo's recognizer for its models (<c>GetRivaSpeechRecognitionConfig</c>).</summary>
[StatelessWorker(1)]
public sealed class AsrCatalogGrain(RivaClient riva) : Grain, IAsrCatalogGrain
{
    public async Task<IReadOnlyList<AsrModel>> Models()
    {
        try
        {
            var config = await riva.GetConfigAsync(CancellationToken.None);
            return config.ModelConfig.Select(model => new AsrModel(
                model.ModelName,
                model.Parameters.TryGetValue("language_code", out var language) && language.Length > 0 ? language : null,
                !model.Parameters.TryGetValue("type", out var type) || !string.Equals(type, "offline", StringComparison.OrdinalIgnoreCase)))
                .ToArray();
        }
        catch (RpcException)
        {
            // The recognizer is down: the caller then checks only the form of what a session asks for.
            return [];
        }
    }
}
