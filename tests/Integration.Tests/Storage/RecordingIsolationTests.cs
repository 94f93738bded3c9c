using System.Net;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Storage;

/// <summary>One user can neither see nor touch another's recording through any audio route; hostile ids and keys change nothing.</summary>
[Collection(SystemCollection.Name)]
public sealed class RecordingIsolationTests(SystemFixture system)
{
    [Fact]
    public async Task Another_user_gets_404_on_every_audio_route_and_nothing_changes()
    {
        var alice = await ApiClient.ForAsync(system, "olga");
        var bob = await ApiClient.ForAsync(system, "piet");
        var id = await alice.CreateRecordingAsync();
        var stored = await alice.UploadChunkAsync(id, 0, new byte[300], 0, 5000);
        var key = stored.Body.GetProperty("key").GetString()!;
        var before = (await alice.GetAsync($"/api/audio/sessions/{id}")).Text;

        var attempts = new[]
        {
            await bob.GetAsync($"/api/audio/sessions/{id}"),
            await bob.PresignAsync(id, 1, 100, 5000, 10000),
            await bob.CompleteAsync(id, 0, key, 300),
            await bob.PostAsync($"/api/audio/sessions/{id}/finalize"),
            await bob.GetAsync($"/api/audio/sessions/{id}/missing-chunks"),
            await bob.GetAsync($"/api/audio/sessions/{id}/chunks/0/url"),
            await bob.GetAsync($"/api/audio/sessions/{id}/transcript?format=txt"),
            await bob.PostAsync("/api/transcription/link", new { sessionId = id, seq = 0, text = "mine now" }),
            await bob.DeleteAsync($"/api/audio/sessions/{id}/chunks/0"),
            await bob.DeleteAsync($"/api/audio/sessions/{id}"),
            await bob.PostAsync("/api/audio/sessions", new { sessionId = id, codec = "webm/opus", sampleRate = 48000, chunkSeconds = 5 }),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
        Assert.All(attempts, r => Assert.Equal("not_found", r.Code));
        var after = (await alice.GetAsync($"/api/audio/sessions/{id}")).Text;
        Assert.Equal(Strip(before), Strip(after)); // only the read time differs
        Assert.Empty((await bob.GetAsync("/api/audio/sessions")).Body.GetProperty("items").EnumerateArray());
        Assert.True(File.Exists(Path.Combine(system.DataDirectory, "blobs", "objects", key)));
    }

    [Theory]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("%2e%2e%2fsecrets")]
    [InlineData("abc%00defghij")]
    [InlineData("a%5Cb%5Cc%5Cd%5Ce")]
    [InlineData("short")]
    public async Task Hostile_session_ids_are_refused_everywhere(string id)
    {
        var api = await ApiClient.ForAsync(system, "quinn");

        var responses = new[]
        {
            await api.GetAsync($"/api/audio/sessions/{id}"),
            await api.PresignAsync(id, 0, 100, 0, 5000),
            await api.GetAsync($"/api/audio/sessions/{id}/missing-chunks"),
            await api.DeleteAsync($"/api/audio/sessions/{id}"),
            await api.PostAsync("/api/audio/sessions", new { sessionId = Uri.UnescapeDataString(id), codec = "webm/opus", sampleRate = 48000, chunkSeconds = 5 }),
        };

        Assert.All(responses, r => Assert.InRange((int)r.Status, 400, 404));
        Assert.False(Directory.Exists(Path.Combine(system.DataDirectory, "blobs", "objects", "users", "quinn")));
    }

    [Fact]
    public async Task A_complete_naming_another_key_is_refused()
    {
        var api = await ApiClient.ForAsync(system, "rita");
        var id = await api.CreateRecordingAsync();
        var grant = await api.PresignAsync(id, 0, 100, 0, 5000);
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant.Body, new byte[100]));

        var elsewhere = await api.CompleteAsync(id, 0, "users/piet/audio/sessions/x/chunks/00000-000000000-000005000.webm", 100);
        var climbing = await api.CompleteAsync(id, 0, $"users/rita/audio/sessions/{id}/chunks/../../../../piet/files/a.webm", 100);

        Assert.Equal("invalid_argument", elsewhere.Code);
        Assert.Equal("invalid_argument", climbing.Code);
        Assert.Equal(0, (await api.GetAsync($"/api/audio/sessions/{id}")).Body.GetProperty("chunks").GetArrayLength());
    }

    private static string Strip(string manifest) => System.Text.RegularExpressions.Regex.Replace(manifest, "\"updatedAt\":\"[^\"]*\"", "");
}
