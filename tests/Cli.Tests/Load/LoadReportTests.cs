using System.Text.Json;
using Hybrid.Cli.Load;

namespace Hybrid.Cli.Tests.Load;

public sealed class LoadReportTests
{
    private static readonly LoadRunSettings Settings = new("http://127.0.0.1:5000/", "json", "null", 50, "x.wav", 20_000, 200, "test");

    private static LoadSessionResult Session(int index, bool ok, double[] frameLatencies, string? failure = null, int framesLost = 0, int events = 0, double? first = null, double? last = null) => new()
    {
        Index = index,
        User = $"load-{index}",
        Ok = ok,
        FailureCode = failure,
        FramesSent = frameLatencies.Length,
        FramesLost = framesLost,
        Events = events,
        FrameLatencies = frameLatencies,
        FrameLatencyMs = LatencySummary.From(frameLatencies),
        FinalWordLatencyMs = LatencySummary.From([]),
        FinalLatencyMs = LatencySummary.From([]),
        ErrorEvents = failure is null ? new Dictionary<string, int>() : new Dictionary<string, int> { [failure] = 1 },
        FirstEventMs = first,
        LastEventMs = last,
    };

    [Fact]
    public void Pools_latencies_counts_failures_and_event_rate()
    {
        LoadSessionResult[] results =
        [
            Session(0, true, [10, 20, 30], events: 100, first: 1_000, last: 11_000),
            Session(1, true, [40, 50], events: 100, first: 2_000, last: 21_000),
            Session(2, false, [], failure: "capacity_exhausted"),
        ];

        var report = LoadReport.Create(Settings, results, DateTime.UnixEpoch, 25);

        Assert.Equal(3, report.Sessions);
        Assert.Equal((2, 1), (report.SessionsOk, report.SessionsFailed));
        Assert.Equal(1, report.Failures["capacity_exhausted"]);
        Assert.Equal(1, report.ErrorEvents["capacity_exhausted"]);
        Assert.Equal(5, report.FramesSent);
        Assert.Equal(30, report.FrameLatencyMs.P50);
        Assert.Equal(50, report.FrameLatencyMs.Max);
        Assert.Equal(200, report.Events);
        Assert.Equal(10, report.EventsPerSecond); // 200 events between t = 1 s and t = 21 s
    }

    [Fact]
    public void Frames_lost_count_only_sessions_that_completed()
    {
        LoadSessionResult[] results =
        [
            Session(0, true, [1], framesLost: 2),
            Session(1, false, [1], failure: "timeout", framesLost: 50),
        ];

        Assert.Equal(2, LoadReport.Create(Settings, results, DateTime.UnixEpoch, 1).FramesLost);
    }

    [Fact]
    public void Serialises_with_camel_case_names_and_a_readable_summary()
    {
        var report = LoadReport.Create(Settings, [Session(0, true, [12.5])], DateTime.UnixEpoch, 21);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report));

        Assert.Equal(12.5, json.RootElement.GetProperty("frameLatencyMs").GetProperty("p99").GetDouble());
        Assert.Equal(0, json.RootElement.GetProperty("framesLost").GetInt64());
        Assert.Equal("load-0", json.RootElement.GetProperty("perSession")[0].GetProperty("user").GetString());
        Assert.False(json.RootElement.GetProperty("perSession")[0].TryGetProperty("frameLatencies", out _));
        Assert.Contains("frame → event     p50 12.5 / p95 12.5 / p99 12.5 / max 12.5 ms (n=1)", report.ToText());
    }

    [Fact]
    public async Task A_written_report_reads_back_into_a_markdown_row()
    {
        var report = LoadReport.Create(Settings, [Session(0, true, [12.5, 250]), Session(1, false, [], failure: "timeout")], DateTime.UnixEpoch, 21);
        var path = Path.Combine(Path.GetTempPath(), $"null-25-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report));
        try
        {
            var stdout = new StringWriter();
            var code = await CliApp.RunAsync(["report", path], new Hybrid.Cli.Commands.CommandContext(stdout, new StringWriter(), false, CancellationToken.None));

            Assert.Equal(ExitCodes.Ok, code);
            var row = stdout.ToString().Split(Environment.NewLine)[2];
            Assert.Equal($"| {Path.GetFileNameWithoutExtension(path)} | null | 1 / 1 | 2 / 0 | 12.5 / 250 / 250 / 250 | – / – / – | – / – / – | 0.0 | timeout ×1, event timeout ×1 |", row);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
