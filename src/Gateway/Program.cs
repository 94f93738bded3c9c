using Hybrid.Gateway;
using Hybrid.Grains.Interfaces.Hosting;

WebApplication app;
try
{
    app = GatewayApp.Build(args);
}
catch (PortInUseException ex)
{
    // An operator's mistake, not a crash: one line that says what to change, no stack trace.
    Console.Error.WriteLine($"Hybrid gateway cannot start: {ex.Message}");
    return 2;
}

await app.RunAsync();
return 0;
