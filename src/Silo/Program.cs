using Hybrid.Grains.Interfaces.Hosting;
using Hybrid.Silo;
using Hybrid.Silo.Hosting;

// The host's console lifetime turns Ctrl+C and SIGTERM into a graceful stop: sessions deactivate
// and persist, then the in-process recognizer stops, all within Asr:DrainTimeout + 10 s.
HybridSilo silo;
try
{
    silo = await HybridSilo.StartAsync(args);
}
catch (PortInUseException ex)
{
    // An operator's mistake, not a crash: one line that says what to change, no stack trace.
    Console.Error.WriteLine($"Hybrid silo cannot start: {ex.Message}");
    return 2;
}

Console.WriteLine($"Hybrid silo started in cluster {silo.Identity.ClusterId} (service {silo.Identity.ServiceId}). Press Ctrl+C to stop.");
return await ShutdownDeadline.RunAsync(silo);
