using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Integration.Tests.Live;

/// <summary>How the hub treats bad or unusual input: each case gets its stable code and loses nothing else.</summary>
[Collection(SystemCollection.Name)]
public sealed class HubEdgeCaseTests(SystemFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Duplicate_frames_are_ignored()
    {
        await using var client = await HubClient.ConnectAsync(system, "bob");
        var started = await client.StartAsync();

        await client.UploadAsync(started.SessionId, Frames.Silence(10));
        await client.UploadAsync(started.SessionId, Frames.Silence(5, firstSeq: 5)); // 5..9 again
        await client.UploadAsync(started.SessionId, Frames.Silence(5, firstSeq: 10));

        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot("bob");
        Assert.Equal(15, snapshot.NextSeq);
        Assert.Equal(1500, snapshot.AudioMs);
        Assert.DoesNotContain(client.Errors, e => e.Code == ErrorCodes.SequenceGap);
        await client.StopAsync(started.SessionId);
    }

    [Fact]
    public async Task A_gap_is_reported_as_sequence_gap_and_filled_so_times_stay_aligned()
    {
        await using var client = await HubClient.ConnectAsync(system, "bob");
        var started = await client.StartAsync();

        await client.UploadAsync(started.SessionId, Frames.Silence(5).Concat(Frames.Silence(3, firstSeq: 8)));

        var gap = await client.WaitForAsync<ErrorMessage>(e => e.Code == ErrorCodes.SequenceGap, Patience, "sequence_gap");
        Assert.Equal(started.SessionId, gap.SessionId);
        Assert.Contains("5..7", gap.Message);
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot("bob");
        Assert.Equal(11, snapshot.NextSeq);
        Assert.Equal(1100, snapshot.AudioMs); // 8 frames received + 3 frames of silence fill
        await client.StopAsync(started.SessionId);
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_as_frame_too_large_and_the_session_goes_on()
    {
        await using var client = await HubClient.ConnectAsync(system, "bob");
        var started = await client.StartAsync();

        var frames = Frames.Silence(3).Append(new AudioFrame(3, new byte[20_000])).Concat(Frames.Silence(3, firstSeq: 3));
        await client.UploadAsync(started.SessionId, frames);

        var error = await client.WaitForAsync<ErrorMessage>(e => e.Code == ErrorCodes.FrameTooLarge, Patience, "frame_too_large");
        Assert.Contains("20000", error.Message);
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot("bob");
        Assert.Equal(6, snapshot.NextSeq); // the frames after the refused one were accepted
        Assert.Equal("streaming", snapshot.State);
        await client.StopAsync(started.SessionId);
        Assert.Equal(SessionStates.Stopped, client.Statuses[^1].State);
    }

    [Fact]
    public async Task UploadAudio_for_an_unknown_session_fails_with_not_found()
    {
        await using var client = await HubClient.ConnectAsync(system, "bob");

        var ex = await Assert.ThrowsAsync<HubException>(() => client.UploadAsync("nosuchsession123", Frames.Silence(2)));
        Assert.Equal("not_found: no such session", ex.Message);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(44100)]
    public async Task A_bad_sample_rate_is_refused_as_invalid_argument(int rate)
    {
        await using var client = await HubClient.ConnectAsync(system, "bob");

        var ex = await Assert.ThrowsAsync<HubException>(() => client.StartAsync(new StartSessionRequest { SampleRate = rate }));
        Assert.StartsWith("invalid_argument: sampleRate", ex.Message);
        Assert.Contains(rate.ToString(), ex.Message);
    }

    [Fact]
    public async Task Another_users_session_looks_exactly_like_a_missing_one()
    {
        await using var owner = await HubClient.ConnectAsync(system, "carol");
        await using var other = await HubClient.ConnectAsync(system, "mallory");
        var started = await owner.StartAsync();
        await owner.UploadAsync(started.SessionId, Frames.Silence(3));

        var start = await Assert.ThrowsAsync<HubException>(() => other.StartAsync(new StartSessionRequest { SessionId = started.SessionId }));
        var upload = await Assert.ThrowsAsync<HubException>(() => other.UploadAsync(started.SessionId, Frames.Silence(2, firstSeq: 3)));
        var stop = await Assert.ThrowsAsync<HubException>(() => other.StopAsync(started.SessionId));
        var missing = await Assert.ThrowsAsync<HubException>(() => other.StopAsync("nosuchsession123"));
        Assert.All([start, upload, stop], ex => Assert.Equal(missing.Message, ex.Message));

        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot("carol");
        Assert.Equal(3, snapshot.NextSeq); // mallory's frames changed nothing
        Assert.Equal("streaming", snapshot.State);
        await owner.StopAsync(started.SessionId);
    }

    [Fact]
    public async Task Resuming_a_session_returns_the_next_frame_the_server_needs()
    {
        await using var first = await HubClient.ConnectAsync(system, "dave");
        var started = await first.StartAsync();
        await first.UploadAsync(started.SessionId, Frames.Silence(7));
        await first.DisposeAsync();

        await using var second = await HubClient.ConnectAsync(system, "dave");
        var resumed = await second.StartAsync(new StartSessionRequest { SessionId = started.SessionId });

        Assert.Equal(started.SessionId, resumed.SessionId);
        Assert.Equal(7, resumed.NextSeq);
        await second.UploadAsync(started.SessionId, Frames.Silence(3, firstSeq: 7));
        await second.StopAsync(started.SessionId);
        Assert.Equal(SessionStates.Stopped, second.Statuses[^1].State);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_leaks_no_recognizer_stream()
    {
        var client = await HubClient.ConnectAsync(system, "erin");
        var started = await client.StartAsync();
        await client.UploadAsync(started.SessionId, Frames.Silence(5));
        Assert.True(system.Silo.Riva!.ActiveStreams >= 1);

        await client.DisposeAsync(); // gone without StopSession

        // The idle timeout (3 s in this fixture) ends the abandoned stream; slots and decoders come back.
        await SystemFixture.WaitUntilAsync(() => system.Silo.Riva!.ActiveStreams == 0 && system.Slots.InUse == 0,
            TimeSpan.FromSeconds(30), "the abandoned session to release its recognizer stream");
        var snapshot = await system.Cluster.GetGrain<ISessionGrain>(started.SessionId).GetSnapshot("erin");
        Assert.Equal("stopped", snapshot.State);
    }

    [Fact]
    public async Task Negotiating_without_a_token_is_unauthorized()
    {
        var response = await system.Http.PostAsync($"{HubNames.Route}/negotiate?negotiateVersion=1", null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_ok_when_a_session_can_be_taken()
    {
        var response = await system.Http.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"ok\"", body);
        Assert.DoesNotContain("127.0.0.1", body);
    }
}
