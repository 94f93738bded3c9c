using System.Globalization;
using System.Text;

namespace Hybrid.Cli.Load;

/// <summary>Renders load reports as one Markdown table (used by the benchmark to write its figures).</summary>
public static class MarkdownTable
{
    public static string Render(IReadOnlyList<(string Name, LoadReport Report)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine("| run | model | sessions ok / failed | frames sent / lost | frame → event p50 / p95 / p99 / max (ms) | word → final p50 / p95 / p99 (ms) | last word → final p50 / p95 / p99 (ms) | events/s | failures and error events |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, r) in runs)
        {
            var problems = r.Failures.Select(f => $"{f.Key} ×{f.Value}")
                .Concat(r.ErrorEvents.Select(e => $"event {e.Key} ×{e.Value}"))
                .DefaultIfEmpty("none");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Model ?? "default"} | {r.SessionsOk} / {r.SessionsFailed} | {r.FramesSent} / {r.FramesLost} | " +
                $"{Ms(r.FrameLatencyMs.P50)} / {Ms(r.FrameLatencyMs.P95)} / {Ms(r.FrameLatencyMs.P99)} / {Ms(r.FrameLatencyMs.Max)} | " +
                $"{Ms(r.FinalWordLatencyMs.P50)} / {Ms(r.FinalWordLatencyMs.P95)} / {Ms(r.FinalWordLatencyMs.P99)} | " +
                $"{Ms(r.FinalLatencyMs.P50)} / {Ms(r.FinalLatencyMs.P95)} / {Ms(r.FinalLatencyMs.P99)} | " +
                $"{r.EventsPerSecond:0.0} | {string.Join(", ", problems)} |"));
        }

        return text.ToString();
    }

    private static string Ms(double? value) => value is { } v ? v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) : "–";
}
