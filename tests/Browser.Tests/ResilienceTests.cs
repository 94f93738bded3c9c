using Hybrid.Browser.Tests.Infrastructure;
using Hybrid.TestSupport;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests;

/// <summary>Network loss mid-recording and a reload mid-upload: nothing is lost.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ResilienceTests(BrowserSystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_network_outage_mid_recording_resumes_the_session_retries_chunks_and_loses_no_frame()
    {
        const string user = "browser-outage";
        var seconds = Math.Ceiling(FakeMicrophone.DurationSeconds(system.MicrophoneWav));
        var result = await Scenario.RunAsync(system, "outage", new { user, seconds, outageAtFrames = 80, outageMs = 5000 }, output, TimeSpan.FromMinutes(3));

        Assert.True(result.GetProperty("blocked").GetInt32() > 0, "the outage blocked nothing");
        Assert.Contains("reconnecting", result.GetProperty("bannerDuring").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nothing was lost", result.GetProperty("bannerAfter").GetString());

        var stats = result.GetProperty("stats");
        var captured = stats.GetProperty("framesCaptured").GetInt32();
        Assert.True(stats.GetProperty("reconnects").GetInt32() >= 1, "no reconnect happened");
        Assert.True(stats.GetProperty("framesReplayed").GetInt32() >= 30, $"only {stats.GetProperty("framesReplayed")} frames replayed after ~5 s offline");
        Assert.Equal(0, stats.GetProperty("framesLost").GetInt32());
        Assert.Equal(0, stats.GetProperty("gaps").GetInt32()); // the server saw no sequence gap
        Assert.Equal(captured, stats.GetProperty("nextSeq").GetInt32()); // and has every frame

        // The transcript continues across the outage.
        var transcript = result.GetProperty("transcript").GetString()!;
        var wer = WordErrorRate.Compute(FakeMicrophone.ReferenceText, transcript);
        output.WriteLine($"WER across the outage {wer:P1}: \"{transcript}\"");
        Assert.True(wer <= 0.30, $"WER {wer:P1}: \"{transcript}\"");

        var chunks = result.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.All(chunks, c => Assert.Equal("synced", c.GetProperty("state").GetString()));
        Assert.True(chunks.Max(c => c.GetProperty("attempts").GetInt32()) >= 2, "no chunk upload was retried");

        var sessionId = result.GetProperty("sessionId").GetString()!;
        var (status, manifest) = await system.GetJsonAsync(user, $"/api/audio/sessions/{sessionId}");
        Assert.Equal(200, status);
        Assert.Equal("finalized", manifest.GetProperty("status").GetString());
        Assert.Equal(
            chunks.Select(c => c.GetProperty("seq").GetInt32()).Order(),
            manifest.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("seq").GetInt32()).Order());
        Pages.AssertNoProblems(result);
    }

    [Fact]
    public async Task Chunks_pending_at_a_reload_are_uploaded_after_signing_in_again()
    {
        const string user = "browser-reload";
        var result = await Scenario.RunAsync(system, "reload", new { user, chunkSeconds = 2, frames = 70 }, output, TimeSpan.FromMinutes(2));

        var before = result.GetProperty("before").EnumerateArray().ToArray();
        var after = result.GetProperty("after").EnumerateArray().ToArray();
        Assert.True(before.Length >= 3, $"{before.Length} chunks recorded");
        Assert.True(result.GetProperty("heldPuts").GetInt32() >= 1, "no upload was in flight");
        Assert.All(before, c => Assert.NotEqual("synced", c.GetProperty("state").GetString()));
        Assert.Equal(before.Select(c => c.GetProperty("seq").GetInt32()).Order(), after.Select(c => c.GetProperty("seq").GetInt32()).Order());
        Assert.All(after, c => Assert.Equal("synced", c.GetProperty("state").GetString()));

        var sessionId = result.GetProperty("sessionId").GetString()!;
        var (status, manifest) = await system.GetJsonAsync(user, $"/api/audio/sessions/{sessionId}");
        Assert.Equal(200, status);
        Assert.Equal("finalized", manifest.GetProperty("status").GetString());
        Assert.Equal(Enumerable.Range(0, before.Length), manifest.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("seq").GetInt32()).Order());
        var (missingStatus, missing) = await system.GetJsonAsync(user, $"/api/audio/sessions/{sessionId}/missing-chunks");
        Assert.Equal(200, missingStatus);
        Assert.Equal(0, missing.GetProperty("missing").GetArrayLength());
        Pages.AssertNoProblems(result);
    }
}
