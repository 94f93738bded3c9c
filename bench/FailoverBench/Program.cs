// Failover benchmark client: starts N live sessions, records which silo each landed on, streams in
// real time, kills (SIGKILL) the candidate silo hosting the most sessions, and measures for each
// session on it the time from the kill to the first sign of trouble and to the first transcript
// after it resumed; then checks every session's finals for loss and duplication.
// Usage: see Options.Usage (or bench/README.md).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hybrid.Bench.Failover;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["report", .. var files])
{
    Console.WriteLine(FailoverReport.MarkdownHeader);
    foreach (var file in files)
    {
        var saved = JsonSerializer.Deserialize<FailoverReport>(await File.ReadAllTextAsync(file), FailoverReport.JsonOptions)!;
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
    Console.Error.WriteLine($"failover-bench: {ex.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var startedUtc = DateTime.UtcNow;
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var runners = Enumerable.Range(0, options.Sessions).Select(i => new SessionRunner(i, options, http)).ToArray();

// Bounded overall: start-up, streaming before the kill, the wait for resumes, settling, stopping.
var hardLimit = TimeSpan.FromSeconds(120 + options.Sessions * options.RampMs / 1000.0 + options.BeforeKillSeconds
    + options.MaxAfterKillSeconds + options.SettleSeconds + 90);
using var hardDeadline = new CancellationTokenSource(hardLimit);

Console.Error.WriteLine($"failover-bench: starting {options.Sessions} sessions (model {options.Model}), ramp {options.RampMs} ms");
var starts = new List<Task>();
foreach (var runner in runners)
{
    starts.Add(runner.StartAsync(hardDeadline.Token));
    await Task.Delay(options.RampMs, hardDeadline.Token);
}

await Task.WhenAll(starts);
foreach (var failed in runners.Where(r => r.StartFailure is not null))
{
    Console.Error.WriteLine($"failover-bench: session {failed.Index} did not start: {failed.StartFailure}");
}

// Statuses (which name the silo) arrive just after StartSession returns: wait for them, bounded.
var placementDeadline = Stopwatch.StartNew();
while (runners.Any(r => r.StartFailure is null && r.PlacedOn is null) && placementDeadline.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(50, hardDeadline.Token);
}

var placement = runners.Where(r => r.PlacedOn is not null).GroupBy(r => r.PlacedOn!).OrderBy(g => g.Key, StringComparer.Ordinal)
    .ToDictionary(g => g.Key, g => g.Count());
Console.Error.WriteLine("failover-bench: placement " + string.Join(", ", placement.Select(p => $"{p.Key}: {p.Value}")));

using var stop = new CancellationTokenSource();
var streams = runners.Select(r => Task.Run(() => r.StreamAsync(stop.Token, hardDeadline.Token))).ToArray();
await Task.Delay(TimeSpan.FromSeconds(options.BeforeKillSeconds), hardDeadline.Token);

// The victim: the candidate silo hosting the most sessions right now (ties: the first listed).
var target = options.KillCandidates
    .Select((c, order) => (c.Silo, c.Pid, order, count: runners.Count(r => r.CurrentSilo == c.Silo)))
    .OrderByDescending(c => c.count).ThenBy(c => c.order).First();
var affected = runners.Where(r => r.CurrentSilo == target.Silo).Select(r => r.Index).ToHashSet();
Console.Error.WriteLine($"failover-bench: killing {target.Silo} (pid {target.Pid}, SIGKILL) with {affected.Count} session(s) on it");
var killAt = Stopwatch.GetTimestamp();
var killedUtc = DateTime.UtcNow;
string? killError = null;
try
{
    // Process.Kill on Linux sends SIGKILL: no shutdown code runs, as in a crash.
    using var victim = Process.GetProcessById(target.Pid);
    victim.Kill();
}
catch (Exception ex)
{
    killError = ex.Message;
    Console.Error.WriteLine($"failover-bench: kill failed: {ex.Message}");
}

// Wait (bounded) until every session of the killed silo got a transcript after resuming.
var waitUntil = TimeSpan.FromSeconds(options.MaxAfterKillSeconds);
while (Stopwatch.GetElapsedTime(killAt) < waitUntil && !hardDeadline.IsCancellationRequested)
{
    if (runners.Where(r => affected.Contains(r.Index)).All(r => FailoverReport.RecoveredAfter(r, killAt)))
    {
        break;
    }

    await Task.Delay(100);
}

var waited = Stopwatch.GetElapsedTime(killAt);
Console.Error.WriteLine($"failover-bench: {(waited < waitUntil ? "all resumed" : "gave up waiting")} after {waited.TotalSeconds:0.0} s; streaming {options.SettleSeconds} s more");
await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), hardDeadline.Token);
var stoppedAt = Stopwatch.GetTimestamp();
await stop.CancelAsync();
try
{
    await Task.WhenAll(streams).WaitAsync(hardDeadline.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("failover-bench: some session did not stop before the hard deadline");
}

var report = FailoverReport.Build(options, runners, placement, target.Silo, target.Pid, affected, killAt, killedUtc, killError, stoppedAt, startedUtc);
Console.WriteLine(report.ToText());
if (options.Out is { } outPath)
{
    await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(report, FailoverReport.JsonOptions));
}

return report.Healthy ? 0 : 1;
