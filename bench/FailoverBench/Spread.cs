using System.Globalization;

namespace Hybrid.Bench.Failover;

/// <summary>Millisecond figures: how many, median (nearest rank) and maximum.</summary>
public sealed record Spread(int Count, double P50, double Max)
{
    public static Spread Of(IEnumerable<double?> values)
    {
        var sorted = values.Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
        return sorted.Length == 0
            ? new Spread(0, 0, 0)
            : new Spread(sorted.Length, Math.Round(sorted[(sorted.Length + 1) / 2 - 1]), Math.Round(sorted[^1]));
    }

    public string Short() => Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{P50} / {Max}");
}
