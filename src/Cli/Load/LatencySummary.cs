using System.Text.Json.Serialization;

namespace Hybrid.Cli.Load;

/// <summary>Distribution of a set of latencies in milliseconds (nearest-rank percentiles); null fields when empty.</summary>
public sealed record LatencySummary(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("mean")] double? Mean,
    [property: JsonPropertyName("p50")] double? P50,
    [property: JsonPropertyName("p95")] double? P95,
    [property: JsonPropertyName("p99")] double? P99,
    [property: JsonPropertyName("max")] double? Max)
{
    public static LatencySummary From(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, null, null, null, null, null);
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Round(sorted.Average()),
            Round(Percentile(sorted, 50)),
            Round(Percentile(sorted, 95)),
            Round(Percentile(sorted, 99)),
            Round(sorted[^1]));
    }

    /// <summary>
    /// Nearest-rank percentile of sorted values: the smallest value with at least p % of the
    /// values at or below it. It is always a measured value, never an interpolation.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        if (percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "must be in [0, 100]");
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>"p50 12.3 / p95 45.6 / p99 78.9 / max 99.0 ms (n=123)" or "no samples".</summary>
    public override string ToString() => Count == 0
        ? "no samples"
        : $"p50 {P50:0.0} / p95 {P95:0.0} / p99 {P99:0.0} / max {Max:0.0} ms (n={Count})";

    private static double Round(double value) => Math.Round(value, 2);
}
