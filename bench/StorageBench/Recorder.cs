using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Bench.Storage;

/// <summary>Collects round trips and errors from every worker (thread-safe) and summarizes them.</summary>
public sealed class Recorder
{
    private readonly Lock _gate = new();
    private readonly List<Sample> _samples = [];
    private readonly List<ErrorEntry> _errors = [];
    private double _measureFromMs;
    private double _stopAtMs;

    /// <summary>Sets the measured window on the run's clock.</summary>
    public void Start(TimeSpan measureFrom, TimeSpan stopAt)
    {
        _measureFromMs = measureFrom.TotalMilliseconds;
        _stopAtMs = stopAt.TotalMilliseconds;
    }

    public void RoundTrip(Sample sample)
    {
        lock (_gate)
        {
            _samples.Add(sample);
        }
    }

    public void Error(TimeSpan at, int worker, StepException error)
    {
        lock (_gate)
        {
            _errors.Add(new ErrorEntry(Math.Round(at.TotalMilliseconds), worker, error.Step, error.Status, error.Code, error.Message));
        }
    }

    public Report BuildReport(Options options, int chunkBytes, IReadOnlyList<Worker> workers, DateTime startedUtc, DateTime finishedUtc)
    {
        Sample[] all;
        ErrorEntry[] errors;
        lock (_gate)
        {
            all = [.. _samples];
            errors = [.. _errors];
        }

        // Measured: round trips that started inside the window. The window's length runs to the end of
        // the last of them (they may finish after the last start), so a slow tail is not hidden.
        var measured = all.Where(s => s.StartMs >= _measureFromMs && s.StartMs < _stopAtMs).ToArray();
        var windowEnd = measured.Length == 0 ? _stopAtMs : Math.Max(_stopAtMs, measured.Max(s => s.StartMs + s.TotalMs));
        var windowSeconds = (windowEnd - _measureFromMs) / 1000;

        var timeline = new List<TimelineBucket>();
        const double BucketMs = 5000;
        for (var from = _measureFromMs; from < _stopAtMs; from += BucketMs)
        {
            var to = Math.Min(from + BucketMs, _stopAtMs);
            var inBucket = measured.Where(s => s.StartMs >= from && s.StartMs < to).Select(s => s.TotalMs).ToArray();
            timeline.Add(new TimelineBucket(Math.Round((from - _measureFromMs) / 1000, 1), Math.Round((to - _measureFromMs) / 1000, 1),
                inBucket.Length, Math.Round(inBucket.Length / ((to - from) / 1000), 1), Stats.Of(inBucket).P50));
        }

        (int From, int To)[] seqRanges = [(0, 100), (100, 300), (300, int.MaxValue)];
        var bySeq = seqRanges
            .Select(r => (r, values: measured.Where(s => s.Seq >= r.From && s.Seq < r.To).Select(s => s.TotalMs).ToArray()))
            .Where(x => x.values.Length > 0)
            .Select(x => new SeqBucket(x.r.From, x.r.To == int.MaxValue ? null : x.r.To - 1, x.values.Length, Stats.Of(x.values)))
            .ToArray();

        var perWorker = workers.Select(w => measured.Count(s => s.Worker == w.Index)).ToArray();
        return new Report
        {
            Label = options.Label,
            Url = options.BaseUrl.AbsoluteUri,
            Sessions = options.Sessions,
            ChunkBytes = chunkBytes,
            WarmupSeconds = options.WarmupSeconds,
            MeasuredSeconds = options.Seconds,
            MaxChunksPerSession = options.MaxChunks,
            StartedUtc = startedUtc,
            FinishedUtc = finishedUtc,
            RoundTrips = measured.Length,
            WindowSeconds = Math.Round(windowSeconds, 2),
            RoundTripsPerSecond = Math.Round(measured.Length / windowSeconds, 1),
            MegabytesPerSecond = Math.Round(measured.Length * (double)chunkBytes / windowSeconds / 1_000_000, 2),
            RoundTrip = Stats.Of(measured.Select(s => s.TotalMs)),
            Presign = Stats.Of(measured.Select(s => s.PresignMs)),
            Put = Stats.Of(measured.Select(s => s.PutMs)),
            Complete = Stats.Of(measured.Select(s => s.CompleteMs)),
            AllRoundTripsIncludingWarmup = all.Length,
            Errors = errors.Length,
            ErrorsByStepAndCode = errors.GroupBy(e => $"{e.Step} {e.Status} {e.Code}").ToDictionary(g => g.Key, g => g.Count()),
            FirstErrors = errors.OrderBy(e => e.AtMs).Take(20).ToArray(),
            SessionsUsed = workers.Sum(w => w.SessionsUsed),
            ChunksStored = workers.Sum(w => w.ChunksStored),
            HighestSeq = all.Length == 0 ? -1 : all.Max(s => s.Seq),
            PerSessionRoundTripsMin = perWorker.Length == 0 ? 0 : perWorker.Min(),
            PerSessionRoundTripsMax = perWorker.Length == 0 ? 0 : perWorker.Max(),
            Timeline = [.. timeline],
            BySeq = bySeq,
        };
    }
}

public sealed record ErrorEntry(double AtMs, int Worker, string Step, int Status, string Code, string Message);

public sealed record TimelineBucket(double FromS, double ToS, int RoundTrips, double PerSecond, double P50Ms);

public sealed record SeqBucket(int FromSeq, int? ToSeq, int RoundTrips, Stats Latency);

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
public sealed record Stats(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Stats(0, 0, 0, 0, 0, 0);
        }

        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, R(sorted.Average()), R(At(0.50)), R(At(0.95)), R(At(0.99)), R(sorted[^1]));
    }

    public string Short() => string.Create(CultureInfo.InvariantCulture, $"{P50} / {P95} / {P99} / {Max}");

    private static double R(double v) => Math.Round(v, v < 10 ? 2 : 1);
}

public sealed record Report
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Label { get; init; }
    public required string Url { get; init; }
    public int Sessions { get; init; }
    public int ChunkBytes { get; init; }
    public double WarmupSeconds { get; init; }
    public double MeasuredSeconds { get; init; }
    public int MaxChunksPerSession { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime FinishedUtc { get; init; }
    public int RoundTrips { get; init; }
    public double WindowSeconds { get; init; }
    public double RoundTripsPerSecond { get; init; }
    public double MegabytesPerSecond { get; init; }
    public required Stats RoundTrip { get; init; }
    public required Stats Presign { get; init; }
    public required Stats Put { get; init; }
    public required Stats Complete { get; init; }
    public int AllRoundTripsIncludingWarmup { get; init; }
    public int Errors { get; init; }
    public required Dictionary<string, int> ErrorsByStepAndCode { get; init; }
    public required ErrorEntry[] FirstErrors { get; init; }
    public int SessionsUsed { get; init; }
    public int ChunksStored { get; init; }
    public int HighestSeq { get; init; }
    public int PerSessionRoundTripsMin { get; init; }
    public int PerSessionRoundTripsMax { get; init; }
    public required TimelineBucket[] Timeline { get; init; }
    public required SeqBucket[] BySeq { get; init; }

    public const string MarkdownHeader =
        "| run | sessions | round trips (measured s) | round trips/s | MB/s | round trip p50 / p95 / p99 / max (ms) | presign p50 / p95 / p99 (ms) | PUT p50 / p95 / p99 (ms) | complete p50 / p95 / p99 (ms) | errors |\n" +
        "|---|---|---|---|---|---|---|---|---|---|";

    public string ToMarkdownRow()
    {
        static string Three(Stats s) => string.Create(CultureInfo.InvariantCulture, $"{s.P50} / {s.P95} / {s.P99}");
        var errors = Errors == 0 ? "0" : $"{Errors}: " + string.Join(", ", ErrorsByStepAndCode.Select(e => $"{e.Key} ×{e.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Label} | {Sessions} | {RoundTrips} ({WindowSeconds}) | {RoundTripsPerSecond} | {MegabytesPerSecond} | {RoundTrip.Short()} | {Three(Presign)} | {Three(Put)} | {Three(Complete)} | {errors} |");
    }

    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"{Label}: {Sessions} session(s), {ChunkBytes} B chunks, {RoundTrips} round trips in {WindowSeconds} s = {RoundTripsPerSecond} /s ({MegabytesPerSecond} MB/s); errors {Errors}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  latency ms p50 / p95 / p99 / max: round trip {RoundTrip.Short()}; presign {Presign.Short()}; PUT {Put.Short()}; complete {Complete.Short()}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  per session: {PerSessionRoundTripsMin}-{PerSessionRoundTripsMax} round trips; sessions used {SessionsUsed}; highest seq {HighestSeq}");
        b.Append("  timeline (5 s buckets, round trips/s @ p50 ms):");
        foreach (var t in Timeline)
        {
            b.Append(CultureInfo.InvariantCulture, $" {t.PerSecond}@{t.P50Ms}");
        }

        b.AppendLine();
        b.Append("  round-trip p50/p95 by seq:");
        foreach (var s in BySeq)
        {
            b.Append(CultureInfo.InvariantCulture, $" [{s.FromSeq}-{(s.ToSeq?.ToString(CultureInfo.InvariantCulture) ?? "")}] {s.Latency.P50}/{s.Latency.P95} (n={s.RoundTrips})");
        }

        foreach (var (key, count) in ErrorsByStepAndCode)
        {
            b.AppendLine();
            b.Append(CultureInfo.InvariantCulture, $"  error {key}: {count}");
        }

        return b.ToString();
    }
}
