using System.Text.Json.Serialization;

namespace Hybrid.Cli.Load;

/// <summary>The outcome of one simulated client in a load run.</summary>
public sealed record LoadSessionResult
{
    [JsonPropertyName("index")] public required int Index { get; init; }

    [JsonPropertyName("user")] public required string User { get; init; }

    [JsonPropertyName("sessionId")] public string? SessionId { get; init; }

    [JsonPropertyName("ok")] public required bool Ok { get; init; }

    /// <summary>Why the session failed: a server error code, <c>connection</c>, <c>timeout</c> or <c>interrupted</c>.</summary>
    [JsonPropertyName("failureCode")] public string? FailureCode { get; init; }

    [JsonPropertyName("failureMessage")] public string? FailureMessage { get; init; }

    [JsonPropertyName("framesSent")] public int FramesSent { get; init; }

    [JsonPropertyName("audioSentMs")] public long AudioSentMs { get; init; }

    [JsonPropertyName("audioProcessedMs")] public long AudioProcessedMs { get; init; }

    /// <summary>Frames sent that no event showed as processed by the time StopSession resolved.</summary>
    [JsonPropertyName("framesLost")] public int FramesLost { get; init; }

    [JsonPropertyName("events")] public int Events { get; init; }

    [JsonPropertyName("partials")] public int Partials { get; init; }

    [JsonPropertyName("finals")] public int Finals { get; init; }

    [JsonPropertyName("finalWords")] public int FinalWords { get; init; }

    [JsonPropertyName("unmatchedFinalWords")] public int UnmatchedFinalWords { get; init; }

    /// <summary><c>Error</c> events by code (a session can go on after some, e.g. <c>sequence_gap</c>).</summary>
    [JsonPropertyName("errorEvents")] public IReadOnlyDictionary<string, int> ErrorEvents { get; init; } = new Dictionary<string, int>();

    /// <summary>Sign-in plus connection set-up.</summary>
    [JsonPropertyName("connectMs")] public double? ConnectMs { get; init; }

    [JsonPropertyName("startSessionMs")] public double? StartSessionMs { get; init; }

    /// <summary>How long StopSession took to resolve (draining the recognizer and delivering the last finals).</summary>
    [JsonPropertyName("stopSessionMs")] public double? StopSessionMs { get; init; }

    [JsonPropertyName("frameLatencyMs")] public required LatencySummary FrameLatencyMs { get; init; }

    [JsonPropertyName("finalWordLatencyMs")] public required LatencySummary FinalWordLatencyMs { get; init; }

    [JsonPropertyName("finalLatencyMs")] public required LatencySummary FinalLatencyMs { get; init; }

    [JsonIgnore] public IReadOnlyList<double> FrameLatencies { get; init; } = [];

    [JsonIgnore] public IReadOnlyList<double> FinalWordLatencies { get; init; } = [];

    [JsonIgnore] public IReadOnlyList<double> FinalLatencies { get; init; } = [];

    /// <summary>Receive time (run-relative ms) of the first and last transcript events, for the event rate.</summary>
    [JsonIgnore] public double? FirstEventMs { get; init; }

    [JsonIgnore] public double? LastEventMs { get; init; }
}
