using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hybrid.Silo.Hosting;

/// <summary>
/// Runs a silo process until SIGTERM or Ctrl+C and then gives its graceful stop a hard deadline.
/// Some Orleans shutdown steps wait on the membership store without a cancellation token (marking
/// this silo dead waits up to a minute); with the store gone they would hold the process far past
/// the drain time. Sessions have persisted their resume point by then, so ending the process loses
/// nothing a client cannot resume elsewhere.
/// </summary>
public static partial class ShutdownDeadline
{
    /// <summary>Margin beyond <see cref="HybridSilo.ShutdownTimeout"/> for the recognizer and the runtime to wind down.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    /// <summary>Exit code when the deadline cut the stop short.</summary>
    public const int DeadlineExitCode = 3;

    /// <summary>Waits for the stop signal, stops the silo and returns the process exit code.</summary>
    public static async Task<int> RunAsync(HybridSilo silo)
    {
        var lifetime = silo.Host.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = silo.Host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShutdownDeadline));
        var stopping = new TaskCompletionSource();
        using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        var deadline = silo.ShutdownTimeout + Margin;
        LogStopping(logger, deadline);
        var stop = silo.DisposeAsync().AsTask();
        if (await Task.WhenAny(stop, Task.Delay(deadline)) != stop)
        {
            LogDeadline(logger, deadline);
            return DeadlineExitCode;
        }

        try
        {
            await stop;
            return 0;
        }
        catch (Exception ex)
        {
            LogStopFailed(logger, ex);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: sessions deactivate and keep their resume point; exit within {Deadline}")]
    private static partial void LogStopping(ILogger logger, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The silo did not stop within {Deadline} (is a membership or state store unreachable?); exiting now")]
    private static partial void LogDeadline(ILogger logger, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "The silo stop failed; exiting")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
