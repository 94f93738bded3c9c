using Hybrid.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Hybrid.Grains.Live;

/// <summary>
/// Writes on a session's result path (its state, its segment log, its artifacts) are retried a few
/// times when the failure may pass (a store briefly unreachable); anything else, or a failure that
/// outlasts the retries, is for the caller to turn into a coded session failure.
/// </summary>
internal static partial class TransientRetry
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1)];

    /// <summary>True for failures that may pass by themselves: worth another try.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        BlobStorageException blob => blob.Error == BlobStorageError.Unavailable,
        InconsistentStateException => false, // another writer: retrying would overwrite its state
        TimeoutException or IOException or HttpRequestException or OrleansException => true,
        _ => ex.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>Runs <paramref name="write"/>, again after a short pause while it fails transiently.</summary>
    public static async Task RunAsync(Func<Task> write, ILogger logger, string sessionId, string what)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsTransient(ex))
            {
                LogRetrying(logger, sessionId, what, attempt + 1, ex.GetType().Name, ex.Message);
                await Task.Delay(Backoff[attempt]);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {What} failed (attempt {Attempt}, {Error}: {Message}); retrying")]
    private static partial void LogRetrying(ILogger logger, string sessionId, string what, int attempt, string error, string message);
}
