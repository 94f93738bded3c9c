using System.Text;
using System.Text.Json.Serialization;

namespace Hybrid.Cli.Load;

/// <summary>The result of a <c>hybrid load</c> run, as written to <c>--out</c> and summarised on stdout.</summary>
public sealed record LoadReport
{
    [JsonPropertyName("startedUtc")] public required DateTime StartedUtc { get; init; }

    [JsonPropertyName("url")] public required string Url { get; init; }

    [JsonPropertyName("protocol")] public required string Protocol { get; init; }

    /// <summary>The model asked for, or null for the server's default.</summary>
    [JsonPropertyName("model")] public string? Model { get; init; }

    [JsonPropertyName("sessions")] public required int Sessions { get; init; }

    [JsonPropertyName("rampMs")] public required int RampMs { get; init; }

    [JsonPropertyName("file")] public required string File { get; init; }

    [JsonPropertyName("audioMs")] public required long AudioMs { get; init; }

    [JsonPropertyName("framesPerSession")] public required int FramesPerSession { get; init; }

    [JsonPropertyName("wallSeconds")] public required double WallSeconds { get; init; }

    /// <summary>Every frame's time to its first acknowledging transcript event, all sessions pooled.</summary>
    [JsonPropertyName("frameLatencyMs")] public required LatencySummary FrameLatencyMs { get; init; }

    /// <summary>Every final word's time from the frame completing it to its final, all sessions pooled.</summary>
    [JsonPropertyName("finalWordLatencyMs")] public required LatencySummary FinalWordLatencyMs { get; init; }

    /// <summary>Per final, from the frame completing its last word to the final (end-pointing plus decoding).</summary>
    [JsonPropertyName("finalLatencyMs")] public required LatencySummary FinalLatencyMs { get; init; }

    [JsonPropertyName("events")] public required int Events { get; init; }

    /// <summary>Transcript events per second between the first and the last one received.</summary>
    [JsonPropertyName("eventsPerSecond")] public required double EventsPerSecond { get; init; }

    [JsonPropertyName("framesSent")] public required long FramesSent { get; init; }

    /// <summary>Frames sent that the server never reported processing, summed over the sessions that completed.</summary>
    [JsonPropertyName("framesLost")] public required long FramesLost { get; init; }

    [JsonPropertyName("sessionsOk")] public required int SessionsOk { get; init; }

    [JsonPropertyName("sessionsFailed")] public required int SessionsFailed { get; init; }

    /// <summary>Failed sessions by failure code.</summary>
    [JsonPropertyName("failures")] public required IReadOnlyDictionary<string, int> Failures { get; init; }

    /// <summary><c>Error</c> events by code, all sessions.</summary>
    [JsonPropertyName("errorEvents")] public required IReadOnlyDictionary<string, int> ErrorEvents { get; init; }

    [JsonPropertyName("machine")] public required string Machine { get; init; }

    [JsonPropertyName("perSession")] public required IReadOnlyList<LoadSessionResult> PerSession { get; init; }

    /// <summary>Pools the sessions' results into one report.</summary>
    public static LoadReport Create(LoadRunSettings settings, IReadOnlyList<LoadSessionResult> results, DateTime startedUtc, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(results);
        var first = results.Where(r => r.FirstEventMs.HasValue).Select(r => r.FirstEventMs!.Value).DefaultIfEmpty().Min();
        var last = results.Where(r => r.LastEventMs.HasValue).Select(r => r.LastEventMs!.Value).DefaultIfEmpty().Max();
        var events = results.Sum(r => r.Events);
        var span = (last - first) / 1000.0;
        return new LoadReport
        {
            StartedUtc = startedUtc,
            Url = settings.Url,
            Protocol = settings.Protocol,
            Model = settings.Model,
            Sessions = results.Count,
            RampMs = settings.RampMs,
            File = settings.File,
            AudioMs = settings.AudioMs,
            FramesPerSession = settings.FramesPerSession,
            WallSeconds = Math.Round(wallSeconds, 2),
            FrameLatencyMs = LatencySummary.From(results.SelectMany(r => r.FrameLatencies)),
            FinalWordLatencyMs = LatencySummary.From(results.SelectMany(r => r.FinalWordLatencies)),
            FinalLatencyMs = LatencySummary.From(results.SelectMany(r => r.FinalLatencies)),
            Events = events,
            EventsPerSecond = span > 0 ? Math.Round(events / span, 1) : 0,
            FramesSent = results.Sum(r => (long)r.FramesSent),
            FramesLost = results.Where(r => r.Ok).Sum(r => (long)r.FramesLost),
            SessionsOk = results.Count(r => r.Ok),
            SessionsFailed = results.Count(r => !r.Ok),
            Failures = Count(results.Where(r => !r.Ok).Select(r => r.FailureCode ?? "unknown")),
            ErrorEvents = Count(results.SelectMany(r => r.ErrorEvents.SelectMany(e => Enumerable.Repeat(e.Key, e.Value)))),
            Machine = settings.Machine,
            PerSession = results,
        };
    }

    /// <summary>The human summary printed at the end of a run.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"load: {Sessions} session(s) × {AudioMs / 1000.0:0.0} s of {File}, model {Model ?? "(server default)"}, {Protocol}, ramp {RampMs} ms, {WallSeconds:0.0} s wall");
        text.AppendLine($"  sessions          ok {SessionsOk}, failed {SessionsFailed}{Describe(Failures)}");
        text.AppendLine($"  frames            sent {FramesSent}, lost {FramesLost}");
        text.AppendLine($"  events            {Events} transcript events, {EventsPerSecond:0.0}/s");
        text.AppendLine($"  frame → event     {FrameLatencyMs}");
        text.AppendLine($"  word → final      {FinalWordLatencyMs}");
        text.AppendLine($"  last word → final {FinalLatencyMs}");
        if (ErrorEvents.Count > 0)
        {
            text.AppendLine($"  error events      {string.Join(", ", ErrorEvents.Select(e => $"{e.Key} ×{e.Value}"))}");
        }

        return text.ToString();
    }

    private static string Describe(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? string.Empty : " (" + string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}")) + ")";

    private static SortedDictionary<string, int> Count(IEnumerable<string> codes)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            counts[code] = counts.GetValueOrDefault(code) + 1;
        }

        return counts;
    }
}
