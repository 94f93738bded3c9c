using Hybrid.Silo;
using Microsoft.Extensions.Hosting;

// The host's console lifetime turns Ctrl+C and SIGTERM into a graceful stop: sessions deactivate
// and persist, then the in-process recognizer stops.
await using var silo = await HybridSilo.StartAsync(args);
Console.WriteLine("Hybrid silo started. Press Ctrl+C to stop.");
await silo.Host.WaitForShutdownAsync();
