using Hybrid.Cli.Load;

namespace Hybrid.Cli.Tests.Load;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Nearest_rank_percentiles_are_measured_values()
    {
        double[] sorted = [10, 20, 30, 40];

        Assert.Equal(20, LatencySummary.Percentile(sorted, 50));
        Assert.Equal(40, LatencySummary.Percentile(sorted, 95));
        Assert.Equal(10, LatencySummary.Percentile(sorted, 0));
        Assert.Equal(40, LatencySummary.Percentile(sorted, 100));
    }

    [Fact]
    public void Unsorted_input_is_sorted_first()
    {
        var summary = LatencySummary.From([5, 1, 4, 2, 3]);

        Assert.Equal(3, summary.P50);
        Assert.Equal(5, summary.P99);
        Assert.Equal(5, summary.Max);
        Assert.Equal(3, summary.Mean);
    }

    [Fact]
    public void A_single_value_is_every_percentile()
    {
        var summary = LatencySummary.From([7.25]);

        Assert.Equal((1, 7.25, 7.25, 7.25, 7.25), (summary.Count, summary.P50, summary.P95, summary.P99, summary.Max));
    }

    [Fact]
    public void No_values_give_nulls_and_say_so()
    {
        var summary = LatencySummary.From([]);

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.P50);
        Assert.Equal("no samples", summary.ToString());
    }
}
