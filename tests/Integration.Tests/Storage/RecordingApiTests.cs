using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Hybrid.Grains.Interfaces.Events;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Storage;

/// <summary>
/// The storage path over real HTTP on the embedded default (local store with gateway-signed URLs):
/// verified completes, idempotency, one writer under concurrency, finalize, missing chunks, deletes,
/// events, and the key layout.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RecordingApiTests(SystemFixture system)
{
    private static byte[] Bytes(int size, int seed) => Enumerable.Range(0, size).Select(i => (byte)((i * 31 + seed) % 251)).ToArray();

    [Fact]
    public async Task A_chunk_uploaded_through_its_url_enters_the_manifest_under_the_documented_key()
    {
        var api = await ApiClient.ForAsync(system, "alice");
        var id = await api.CreateRecordingAsync();
        var data = Bytes(40_000, 1);

        var completed = await api.UploadChunkAsync(id, 3, data, 15_000, 20_000);

        Assert.Equal(HttpStatusCode.OK, completed.Status);
        Assert.Equal($"users/alice/audio/sessions/{id}/chunks/00003-000015000-000020000.webm", completed.Body.GetProperty("key").GetString());
        var manifest = await api.GetAsync($"/api/audio/sessions/{id}");
        var chunk = Assert.Single(manifest.Body.GetProperty("chunks").EnumerateArray());
        Assert.Equal(40_000, chunk.GetProperty("bytes").GetInt64());
        Assert.Equal("audio/webm", chunk.GetProperty("contentType").GetString());
        var stored = await File.ReadAllBytesAsync(LocalObject(chunk.GetProperty("key").GetString()!));
        Assert.Equal(data, stored);
        var manifestFile = JsonDocument.Parse(await File.ReadAllTextAsync(LocalObject($"users/alice/audio/sessions/{id}/manifest.json"))).RootElement;
        Assert.Equal(1, manifestFile.GetProperty("chunks").GetArrayLength());
        Assert.Equal("recording", manifestFile.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Completing_a_chunk_that_was_never_uploaded_is_refused_and_adds_nothing()
    {
        var api = await ApiClient.ForAsync(system, "alice");
        var id = await api.CreateRecordingAsync();
        var grant = await api.PresignAsync(id, 0, 1000, 0, 5000);

        var notUploaded = await api.CompleteAsync(id, 0, grant.Body.GetProperty("objectKey").GetString()!, 1000);
        var neverPresigned = await api.CompleteAsync(id, 1, $"users/alice/audio/sessions/{id}/chunks/00001-000005000-000010000.webm", 1000);

        Assert.Equal(HttpStatusCode.Conflict, notUploaded.Status);
        Assert.Equal("upload_missing", notUploaded.Code);
        Assert.Equal(HttpStatusCode.Conflict, neverPresigned.Status);
        var manifest = await api.GetAsync($"/api/audio/sessions/{id}");
        Assert.Equal(0, manifest.Body.GetProperty("chunks").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_size_or_checksum_is_refused_and_the_object_removed()
    {
        var api = await ApiClient.ForAsync(system, "alice");
        var id = await api.CreateRecordingAsync();
        var data = Bytes(2000, 2);
        var grant = await api.PresignAsync(id, 0, data.Length, 0, 5000);
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant.Body, data));
        var key = grant.Body.GetProperty("objectKey").GetString()!;

        var wrongSize = await api.CompleteAsync(id, 0, key, 1999);
        var wrongSum = await api.CompleteAsync(id, 0, key, data.Length, sha256: new string('0', 64));

        Assert.Equal("size_mismatch", wrongSize.Code);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSum.Status);
        Assert.Equal("checksum_mismatch", wrongSum.Code);
        Assert.False(File.Exists(LocalObject(key)), "a refused object must not linger");
        Assert.Equal(0, (await api.GetAsync($"/api/audio/sessions/{id}")).Body.GetProperty("chunks").GetArrayLength());

        // A clean retry then works, with the checksum recorded.
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync((await api.PresignAsync(id, 0, data.Length, 0, 5000)).Body, data));
        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        var ok = await api.CompleteAsync(id, 0, key, data.Length, sha);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(sha, ok.Body.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_repeated_complete_returns_the_same_entry_and_changes_nothing()
    {
        var api = await ApiClient.ForAsync(system, "alice");
        var id = await api.CreateRecordingAsync();
        var first = await api.UploadChunkAsync(id, 0, Bytes(500, 3), 0, 5000);
        var before = await api.GetAsync($"/api/audio/sessions/{id}");

        var again = await api.CompleteAsync(id, 0, first.Body.GetProperty("key").GetString()!, 500);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Text, again.Text);
        var after = await api.GetAsync($"/api/audio/sessions/{id}");
        Assert.Equal(before.Body.GetProperty("chunks").ToString(), after.Body.GetProperty("chunks").ToString());
    }

    [Fact]
    public async Task Fifty_parallel_completes_give_fifty_entries()
    {
        var api = await ApiClient.ForAsync(system, "frank");
        var id = await api.CreateRecordingAsync();
        var keys = new string[50];
        for (var seq = 0; seq < 50; seq++)
        {
            var grant = await api.PresignAsync(id, seq, 300, seq * 5000L, (seq + 1) * 5000L);
            Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant.Body, Bytes(300, seq)));
            keys[seq] = grant.Body.GetProperty("objectKey").GetString()!;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(seq => api.CompleteAsync(id, seq, keys[seq], 300)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var manifest = await api.GetAsync($"/api/audio/sessions/{id}");
        Assert.Equal(Enumerable.Range(0, 50), manifest.Body.GetProperty("chunks").EnumerateArray().Select(c => c.GetProperty("seq").GetInt32()));
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(LocalObject($"users/frank/audio/sessions/{id}/manifest.json"))).RootElement;
        Assert.Equal(50, file.GetProperty("chunks").GetArrayLength());
        Assert.Equal(50 * 300, file.GetProperty("totalBytes").GetInt64());
    }

    [Fact]
    public async Task After_finalize_uploads_are_refused_with_409_and_the_event_is_published()
    {
        var api = await ApiClient.ForAsync(system, "alice");
        var id = await api.CreateRecordingAsync();
        await api.UploadChunkAsync(id, 0, Bytes(100, 4), 0, 5000);

        var finalized = await api.PostAsync($"/api/audio/sessions/{id}/finalize");
        var presign = await api.PresignAsync(id, 1, 100, 5000, 10000);

        Assert.Equal(HttpStatusCode.OK, finalized.Status);
        Assert.True(finalized.Body.GetProperty("final").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, presign.Status);
        Assert.Equal("session_finalized", presign.Code);
        await SystemFixture.WaitUntilAsync(() => system.Events.Events.Any(e => e.SessionId == id && e.Type == RecordingEventTypes.SessionFinalized),
            TimeSpan.FromSeconds(20), "SessionFinalized to reach the sink");
        var uploaded = system.Events.Events.Single(e => e.SessionId == id && e.Type == RecordingEventTypes.ChunkUploaded);
        Assert.Equal($"{id}/chunk/0", uploaded.EventId);
        Assert.Equal(100, uploaded.Bytes);
        var again = await api.PostAsync($"/api/audio/sessions/{id}/finalize");
        Assert.Equal(HttpStatusCode.OK, again.Status); // finalize is idempotent
    }

    [Fact]
    public async Task Missing_chunks_are_found_during_the_recording_and_the_fresh_url_works()
    {
        var api = await ApiClient.ForAsync(system, "gina");
        var id = await api.CreateRecordingAsync(chunkSeconds: 5);
        var data = Bytes(800, 5);
        await api.UploadChunkAsync(id, 0, data, 0, 5000);
        var lost = await api.PresignAsync(id, 1, data.Length, 5000, 10000); // its PUT "fails"
        Assert.Equal(HttpStatusCode.OK, lost.Status);
        await api.UploadChunkAsync(id, 2, data, 10000, 15000);

        var report = await api.GetAsync($"/api/audio/sessions/{id}/missing-chunks");
        var missing = Assert.Single(report.Body.GetProperty("missing").EnumerateArray());
        Assert.Equal(1, missing.GetProperty("seq").GetInt32());
        var grant = missing.GetProperty("grant");
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant, data));
        Assert.Equal(HttpStatusCode.OK, (await api.CompleteAsync(id, 1, grant.GetProperty("objectKey").GetString()!, data.Length)).Status);
        Assert.Empty((await api.GetAsync($"/api/audio/sessions/{id}/missing-chunks")).Body.GetProperty("missing").EnumerateArray());

        // Time passes with no presign at all for the next chunks: they are expected by elapsed time.
        system.RecordingTime.Advance(TimeSpan.FromSeconds(27));
        var later = await api.GetAsync($"/api/audio/sessions/{id}/missing-chunks");
        Assert.Contains(3, later.Body.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()));
    }

    [Fact]
    public async Task A_session_across_utc_midnight_stays_one_session()
    {
        var api = await ApiClient.ForAsync(system, "henry");
        var now = system.RecordingTime.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        system.RecordingTime.Advance(midnight - now - TimeSpan.FromSeconds(3));
        var id = await api.CreateRecordingAsync();
        var before = await api.UploadChunkAsync(id, 0, Bytes(100, 6), 0, 5000);
        system.RecordingTime.Advance(TimeSpan.FromSeconds(6)); // now past midnight
        var after = await api.UploadChunkAsync(id, 1, Bytes(100, 7), 5000, 10000);

        var prefix = $"users/henry/audio/sessions/{id}/chunks/";
        Assert.StartsWith(prefix, before.Body.GetProperty("key").GetString());
        Assert.StartsWith(prefix, after.Body.GetProperty("key").GetString());
        Assert.NotEqual(before.Body.GetProperty("uploadedUtc").GetDateTimeOffset().Date, after.Body.GetProperty("uploadedUtc").GetDateTimeOffset().Date);
        var list = await api.GetAsync("/api/audio/sessions");
        var row = Assert.Single(list.Body.GetProperty("items").EnumerateArray());
        Assert.Equal(2, row.GetProperty("chunks").GetInt32());
        Assert.Equal(2, (await api.GetAsync($"/api/audio/sessions/{id}/missing-chunks")).Body.GetProperty("stored").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_a_chunk_and_a_session_removes_their_objects()
    {
        var api = await ApiClient.ForAsync(system, "ivy");
        var id = await api.CreateRecordingAsync();
        var first = await api.UploadChunkAsync(id, 0, Bytes(100, 8), 0, 5000);
        var second = await api.UploadChunkAsync(id, 1, Bytes(100, 9), 5000, 10000);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/audio/sessions/{id}/chunks/0")).Status);
        Assert.False(File.Exists(LocalObject(first.Body.GetProperty("key").GetString()!)));
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/audio/sessions/{id}/chunks/0")).Status);
        Assert.Equal(1, (await api.GetAsync($"/api/audio/sessions/{id}")).Body.GetProperty("chunks").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/audio/sessions/{id}")).Status);
        Assert.False(File.Exists(LocalObject(second.Body.GetProperty("key").GetString()!)));
        Assert.False(File.Exists(LocalObject($"users/ivy/audio/sessions/{id}/manifest.json")));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/audio/sessions/{id}")).Status);
        Assert.Empty((await api.GetAsync("/api/audio/sessions")).Body.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Sessions_list_newest_first_in_pages()
    {
        var api = await ApiClient.ForAsync(system, "jack");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            system.RecordingTime.Advance(TimeSpan.FromSeconds(1));
            ids.Add(await api.CreateRecordingAsync());
        }

        var first = await api.GetAsync("/api/audio/sessions?limit=2");
        var next = first.Body.GetProperty("next").GetString();
        var second = await api.GetAsync($"/api/audio/sessions?limit=2&after={Uri.EscapeDataString(next!)}");
        var third = await api.GetAsync($"/api/audio/sessions?limit=2&after={Uri.EscapeDataString(second.Body.GetProperty("next").GetString()!)}");

        var listed = new[] { first, second, third }.SelectMany(p => p.Body.GetProperty("items").EnumerateArray())
            .Select(r => r.GetProperty("sessionId").GetString()).ToArray();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(JsonValueKind.Null, third.Body.GetProperty("next").ValueKind);
    }

    private string LocalObject(string key) => Path.Combine(system.DataDirectory, "blobs", "objects", key);
}
