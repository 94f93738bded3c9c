using System.Runtime.InteropServices;
using Hybrid.RivaLocal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// Standalone RivaLocal: `dotnet run --project src/RivaLocal [-- --port 50052 --capacity 8]`.
// Settings come from appsettings.json, environment (RivaLocal__Port=…) and the command line.
var switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
{
    ["--port"] = "RivaLocal:Port",
    ["--listen"] = "RivaLocal:ListenAddress",
    ["--capacity"] = "RivaLocal:Capacity",
    ["--default-model"] = "RivaLocal:DefaultModel",
};
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args, switches)
    .Build();

var options = new RivaLocalOptions();
configuration.GetSection(RivaLocalOptions.SectionName).Bind(options);

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddConfiguration(configuration.GetSection("Logging"))
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss.fff ";
    }));
var logger = loggerFactory.CreateLogger("Hybrid.RivaLocal");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    // Let us shut down gracefully instead of the runtime killing the process.
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await using var host = await RivaLocalHost.StartAsync(options, loggerFactory);
logger.LogInformation(
    "RivaLocal listening on {Endpoint} (capacity {Capacity}, engine {EngineState}); Ctrl+C stops",
    host.Endpoint,
    host.Capacity,
    host.EngineAvailable ? "ready" : host.EngineUnavailableReason);
await stop.Task;
logger.LogInformation("RivaLocal stopping");
