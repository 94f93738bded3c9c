using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Placement;

/// <summary>
/// Four times a second: tells the registry this silo's capacity and load (and whether its recognizer
/// serves), and refreshes the local <see cref="CapacityView"/> from the registry.
/// </summary>
public sealed partial class CapacityReporter(
    IGrainFactory grains,
    CapacityView view,
    RivaClient riva,
    ILogger<CapacityReporter> logger) : BackgroundService
{
    // Reports are cheap (an in-memory grain); frequent ones keep placement close to the truth.
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HealthEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var registry = grains.GetGrain<ICapacityRegistryGrain>(0);
        var failures = 0;
        var serving = false;
        var checkedAt = DateTime.MinValue;
        do
        {
            try
            {
                if (DateTime.UtcNow - checkedAt >= HealthEvery)
                {
                    serving = await riva.IsServingAsync(stoppingToken);
                    checkedAt = DateTime.UtcNow;
                }

                await registry.Report(view.LocalReport(serving));
                view.Update(await registry.Snapshot());
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Start-up (silo not active yet) or a registry move after a silo loss: try again next tick.
                if (++failures % 10 == 1)
                {
                    LogReportFailed(logger, ex.GetType().Name, ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Capacity report failed ({Error}): {Message}")]
    private static partial void LogReportFailed(ILogger logger, string error, string message);
}
