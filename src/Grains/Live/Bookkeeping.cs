using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>
/// Calls to other grains that only keep books (the user's live-session count, the session index):
/// tried a few times with a short back-off and a per-attempt timeout, and never allowed to fail the
/// caller. A grain whose activation was on a lost silo answers with an exception or not at all until
/// the cluster declares the silo dead, and a session's Stop or Start must not wait on that.
/// What a failed call leaves behind is reconciled later (the user grain's live set is a lease that
/// every running session renews, so a missed release expires by itself).
/// </summary>
public static partial class Bookkeeping
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.Zero, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(500)];

    /// <summary>How long one attempt may take before the next one starts.</summary>
    public static TimeSpan AttemptTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="call"/>; false (logged) when every attempt failed.</summary>
    public static async Task<bool> TryAsync(Func<Task> call, ILogger logger, string sessionId, string what) =>
        await TryAsync(async () =>
        {
            await call();
            return true;
        }, false, logger, sessionId, what);

    /// <summary>Runs <paramref name="call"/>; <paramref name="fallback"/> (logged) when every attempt failed.</summary>
    public static async Task<T> TryAsync<T>(Func<Task<T>> call, T fallback, ILogger logger, string sessionId, string what)
    {
        for (var attempt = 0; attempt < Backoff.Length; attempt++)
        {
            if (Backoff[attempt] > TimeSpan.Zero)
            {
                await Task.Delay(Backoff[attempt]);
            }

            try
            {
                return await call().WaitAsync(AttemptTimeout);
            }
            catch (Exception ex)
            {
                if (attempt == Backoff.Length - 1)
                {
                    LogGaveUp(logger, sessionId, what, Backoff.Length, ex.GetType().Name, ex.Message);
                }
            }
        }

        return fallback;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Session {SessionId}: {What} failed {Attempts} times ({Error}: {Message}); going on, it is reconciled later")]
    private static partial void LogGaveUp(ILogger logger, string sessionId, string what, int attempts, string error, string message);
}
