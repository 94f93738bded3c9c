// Storage-path round-trip benchmark: N concurrent sessions, each signed in as its own user, loop
// presign → PUT (the real bytes of one chunk file) → complete for a bounded time, and the client
// reports round trips per second, latency percentiles per round trip and per step, and every error.
// Usage: see Options.Usage (or bench/README.md).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hybrid.Bench.Storage;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["report", .. var files])
{
    // A markdown table of finished runs (their --out files), for the script's summary.
    Console.WriteLine(Report.MarkdownHeader);
    foreach (var file in files)
    {
        var saved = JsonSerializer.Deserialize<Report>(await File.ReadAllTextAsync(file), Report.JsonOptions)!;
        Console.WriteLine(saved.ToMarkdownRow());
    }

    return 0;
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"storage-bench: {ex.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var chunk = await File.ReadAllBytesAsync(options.File);
using var http = new HttpClient(new SocketsHttpHandler
{
    // One connection per worker at most: each worker has one request in flight at a time.
    MaxConnectionsPerServer = Math.Max(options.Sessions, 2) * 2,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    AllowAutoRedirect = false,
})
{
    Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
};

var api = new Api(http, options.BaseUrl);
var recorder = new Recorder();
var startedUtc = DateTime.UtcNow;

// Set-up (not measured): a token and a first session for every worker, so all start together.
Console.Error.WriteLine($"storage-bench: signing in {options.Sessions} users and creating their sessions");
var workers = new Worker[options.Sessions];
using (var setupLimit = new SemaphoreSlim(16))
{
    await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(async i =>
    {
        await setupLimit.WaitAsync();
        try
        {
            var user = $"{options.Label}-{i:000}";
            var token = await api.DevTokenAsync(user);
            workers[i] = new Worker(i, token, api, options, chunk, recorder);
            await workers[i].NewSessionAsync();
        }
        finally
        {
            setupLimit.Release();
        }
    }));
}

var clock = Stopwatch.StartNew();
var measureFrom = TimeSpan.FromSeconds(options.WarmupSeconds);
var stopAt = measureFrom + TimeSpan.FromSeconds(options.Seconds);
recorder.Start(measureFrom, stopAt);
Console.Error.WriteLine($"storage-bench: {options.Sessions} session(s), {chunk.Length} B per chunk, warm-up {options.WarmupSeconds} s, measuring {options.Seconds} s");
// Each request has its own timeout (HttpClient.Timeout); this is the run's hard deadline on top.
var hardDeadline = stopAt + TimeSpan.FromSeconds(options.RequestTimeoutSeconds * 3 + 10);
try
{
    await Task.WhenAll(workers.Select(w => w.RunAsync(clock, stopAt))).WaitAsync(hardDeadline);
}
catch (TimeoutException)
{
    Console.Error.WriteLine("storage-bench: some worker did not finish by the hard deadline; reporting what was recorded");
}
var finishedUtc = DateTime.UtcNow;

var report = recorder.BuildReport(options, chunk.Length, workers, startedUtc, finishedUtc);
Console.WriteLine(report.ToText());
if (options.Out is { } outPath)
{
    await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(report, Report.JsonOptions));
}

return report.Errors == 0 && report.RoundTrips > 0 ? 0 : 1;
