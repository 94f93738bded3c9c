using Hybrid.Grains.Interfaces.Health;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// The recognizer's models as the cluster reports them, cached so <c>StartSession</c> can check a
/// session's language and model without a round trip each time. When the recognizer cannot be
/// asked, the answer is null and only the form of the request is checked (the session then
/// reports the recognizer's state itself).
/// </summary>
public sealed partial class RecognizerCatalog(IClusterClient cluster, ILogger<RecognizerCatalog> logger)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _asking = new(1, 1);
    private IReadOnlyList<AsrModel>? _models;
    private DateTimeOffset _expires = DateTimeOffset.MinValue;

    /// <summary>The models, or null when the recognizer could not be asked lately.</summary>
    public async Task<IReadOnlyList<AsrModel>?> GetAsync(CancellationToken cancellationToken)
    {
        if (TimeProvider.System.GetUtcNow() < _expires)
        {
            return _models;
        }

        await _asking.WaitAsync(cancellationToken);
        try
        {
            if (TimeProvider.System.GetUtcNow() < _expires)
            {
                return _models;
            }

            IReadOnlyList<AsrModel>? models;
            try
            {
                var answer = await cluster.GetGrain<IAsrCatalogGrain>(0).Models().WaitAsync(AskTimeout, cancellationToken);
                models = answer.Count > 0 ? answer : null;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                LogUnavailable(logger, ex.GetType().Name);
                models = null;
            }

            _models = models;
            _expires = TimeProvider.System.GetUtcNow() + (models is null ? RetryAfter : KeepFor);
            return models;
        }
        finally
        {
            _asking.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recognizer's model list is unavailable ({Error}); StartSession checks only the form of language and model")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
