using System.Net;
using System.Text;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Tests.Support;

namespace Hybrid.Storage.Tests.Contract;

/// <summary>
/// The <see cref="IBlobStore"/> contract, run as-is against every store. Presigned URLs are used
/// from a plain <see cref="HttpClient"/>, the way a browser uses them.
/// </summary>
public abstract class BlobStoreContractTests
{
    protected const long MiB = 1024 * 1024;

    protected static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected BlobStoreContractTests(IBlobStore store, long maxObjectBytes)
    {
        Store = store;
        MaxObjectBytes = maxObjectBytes;

        // xUnit makes one instance per test: every test works under its own user prefix.
        Prefix = $"users/contract-{Guid.NewGuid():N}/";
    }

    protected IBlobStore Store { get; }

    protected long MaxObjectBytes { get; }

    protected string Prefix { get; }

    [Fact]
    public async Task Presigned_put_from_a_plain_http_client_lands_and_head_shows_size_and_type()
    {
        var key = $"{Prefix}audio/sessions/s1/chunks/00001-000000000-000005000.webm";
        var body = TestBytes.Random(20_000);

        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm;codecs=opus", body.Length, TimeSpan.FromMinutes(5)));
        using var response = await SendAsync(put, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("audio/webm;codecs=opus", put.Headers["Content-Type"]);
        Assert.InRange(put.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
        Assert.Equal(TestBytes.Md5Hex(body), response.Headers.ETag?.Tag.Trim('"'));
        var head = await Store.HeadAsync(key);
        Assert.NotNull(head);
        Assert.Equal(key, head.Key);
        Assert.Equal(body.Length, head.Size);
        AssertSameContentType("audio/webm;codecs=opus", head.ContentType);
        Assert.Equal(TestBytes.Md5Hex(body), head.ETag);
    }

    [Fact]
    public async Task Keys_with_spaces_unicode_and_url_metacharacters_survive_the_presigned_round_trip()
    {
        var key = $"{Prefix}files/My Docs/Réunion #1 100% + ü&=?.txt";
        var body = Encoding.UTF8.GetBytes("hello");

        using var put = await SendAsync(await Store.PresignPutAsync(new PresignPutRequest(key, "text/plain", body.Length, TimeSpan.FromMinutes(5))), body);
        using var get = await Http.GetAsync((await Store.PresignGetAsync(key, TimeSpan.FromMinutes(5))).Url);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(body, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(body.Length, (await Store.HeadAsync(key))?.Size);
    }

    [Fact]
    public async Task Presigned_get_returns_the_bytes_and_can_force_a_download_name()
    {
        var key = $"{Prefix}files/meeting.ogg";
        var body = TestBytes.Random(4096);
        await Store.PutAsync(key, body, "audio/ogg");

        using var plain = await Http.GetAsync((await Store.PresignGetAsync(key, TimeSpan.FromMinutes(5))).Url);
        using var download = await Http.GetAsync((await Store.PresignGetAsync(key, TimeSpan.FromMinutes(5), "Réunion 3.ogg")).Url);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(body, await plain.Content.ReadAsByteArrayAsync());
        Assert.Equal("audio/ogg", plain.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(body, await download.Content.ReadAsByteArrayAsync());
        var disposition = download.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("R_union 3.ogg", disposition.FileName?.Trim('"'));
        Assert.Equal("Réunion 3.ogg", disposition.FileNameStar);
    }

    [Fact]
    public async Task Multipart_upload_through_presigned_part_urls_assembles_exactly()
    {
        var key = $"{Prefix}audio/sessions/s1/chunks/00002-000005000-000300000.webm";
        byte[][] parts = [TestBytes.Random((int)(5 * MiB)), TestBytes.Random((int)(5 * MiB)), TestBytes.Random(123_457)];

        var uploadId = await Store.CreateMultipartUploadAsync(key, "audio/webm");
        var completed = new List<CompletedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            var url = await Store.PresignPartAsync(key, uploadId, i + 1, parts[i].Length, TimeSpan.FromMinutes(5));
            Assert.Empty(url.Headers);
            using var response = await SendAsync(url, parts[i]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            completed.Add(new CompletedPart(i + 1, response.Headers.ETag!.Tag));
        }

        await Store.CompleteMultipartUploadAsync(key, uploadId, completed);

        var expected = parts.SelectMany(p => p).ToArray();
        var head = await Store.HeadAsync(key);
        Assert.NotNull(head);
        Assert.Equal(expected.Length, head.Size);
        Assert.Equal("audio/webm", head.ContentType);
        var stored = await Store.GetAsync(key);
        Assert.NotNull(stored);
        Assert.True(expected.AsSpan().SequenceEqual(stored.Data), "the assembled object differs from the parts in order");
    }

    [Fact]
    public async Task List_pages_through_250_keys_with_continuation_tokens()
    {
        var keys = Enumerable.Range(0, 250).Select(i => $"{Prefix}list/item-{i:000}.json").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (key, ct) => await Store.PutAsync(key, "{}"u8.ToArray(), "application/json", ct));

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.ListAsync($"{Prefix}list/", token, pageSize: 100);
            pages++;
            Assert.InRange(page.Items.Count, 1, 100);
            Assert.All(page.Items, item => Assert.Equal(2, item.Size));
            seen.AddRange(page.Items.Select(item => item.Key));
            token = page.ContinuationToken;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task List_with_a_delimiter_returns_folders_as_prefixes()
    {
        // Every folder has a direct child: s3rver 3.7.1 misses folders whose objects are all deeper.
        foreach (var name in new[] { "a.txt", "b.txt", "docs/c.txt", "docs/deep/d.txt", "music/e.txt" })
        {
            await Store.PutAsync($"{Prefix}tree/{name}", "x"u8.ToArray(), "text/plain");
        }

        // One large page: s3rver does not count prefixes toward the page size, S3 and the local store do.
        var top = await Store.ListAsync($"{Prefix}tree/", pageSize: 1000, delimiter: "/");
        var docs = await Store.ListAsync($"{Prefix}tree/docs/", pageSize: 1000, delimiter: "/");

        Assert.Equal([$"{Prefix}tree/a.txt", $"{Prefix}tree/b.txt"], top.Items.Select(i => i.Key));
        Assert.Equal([$"{Prefix}tree/docs/", $"{Prefix}tree/music/"], top.Prefixes);
        Assert.Null(top.ContinuationToken);
        Assert.Equal([$"{Prefix}tree/docs/c.txt"], docs.Items.Select(i => i.Key));
        Assert.Equal([$"{Prefix}tree/docs/deep/"], docs.Prefixes);
    }

    [Fact]
    public async Task Server_side_put_and_get_round_trip_with_type()
    {
        var key = $"{Prefix}audio/sessions/s1/manifest.json";
        var body = Encoding.UTF8.GetBytes("{\"sessionId\":\"s1\"}");

        await Store.PutAsync(key, body, "application/json");
        var stored = await Store.GetAsync(key);

        Assert.NotNull(stored);
        Assert.Equal(body, stored.Data);
        Assert.Equal(body.Length, stored.Properties.Size);
        Assert.Equal("application/json", stored.Properties.ContentType);
        Assert.Equal(TestBytes.Md5Hex(body), stored.Properties.ETag);
    }

    [Fact]
    public async Task Put_replaces_an_existing_object()
    {
        var key = $"{Prefix}files/notes.txt";
        await Store.PutAsync(key, "first version"u8.ToArray(), "text/plain");
        await Store.PutAsync(key, "second"u8.ToArray(), "text/markdown");

        var stored = await Store.GetAsync(key);

        Assert.Equal("second"u8.ToArray(), stored?.Data);
        Assert.Equal("text/markdown", stored?.Properties.ContentType);
    }

    [Fact]
    public async Task Copy_then_delete_moves_an_object()
    {
        var source = $"{Prefix}files/from.json";
        var destination = $"{Prefix}files/archive/to.json";
        var body = TestBytes.Random(3000);
        await Store.PutAsync(source, body, "application/json");

        await Store.CopyAsync(source, destination);
        var deleted = await Store.DeleteAsync(source);

        Assert.True(deleted);
        Assert.Null(await Store.HeadAsync(source));
        var copy = await Store.GetAsync(destination);
        Assert.NotNull(copy);
        Assert.Equal(body, copy.Data);
        Assert.Equal("application/json", copy.Properties.ContentType);
        Assert.False(await Store.DeleteAsync(source));
    }

    [Fact]
    public async Task Copy_of_a_missing_source_is_not_found()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.CopyAsync($"{Prefix}missing", $"{Prefix}copy"));

        Assert.Equal(BlobStorageError.NotFound, error.Error);
    }

    [Fact]
    public async Task Missing_objects_are_null_and_false_not_errors()
    {
        Assert.Null(await Store.HeadAsync($"{Prefix}missing.webm"));
        Assert.Null(await Store.GetAsync($"{Prefix}missing.webm"));
        Assert.False(await Store.DeleteAsync($"{Prefix}missing.webm"));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("users/a/../b")]
    [InlineData("/users/a")]
    [InlineData("users//a")]
    [InlineData("users/a/")]
    [InlineData("users\\a")]
    [InlineData("users/%2e%2e/a")]
    [InlineData("")]
    public async Task Keys_that_are_not_normalised_relative_paths_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.HeadAsync(key));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", 10, TimeSpan.FromMinutes(1))));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(key, new byte[1], "audio/webm"));
    }

    [Fact]
    public async Task Presigning_more_than_the_object_limit_is_refused()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            Store.PresignPutAsync(new PresignPutRequest($"{Prefix}huge.webm", "audio/webm", MaxObjectBytes + 1, TimeSpan.FromMinutes(5))));

        Assert.Equal(BlobStorageError.TooLarge, error.Error);
    }

    /// <summary>
    /// s3rver re-formats parameters ("audio/webm; codecs=opus"); S3 and the local store keep the
    /// type byte for byte. Both mean the same media type, which is what the contract promises.
    /// </summary>
    protected static void AssertSameContentType(string expected, string actual) =>
        Assert.Equal(expected.Replace(" ", string.Empty, StringComparison.Ordinal), actual.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Sends a presigned request with exactly the headers it lists (no client-side rewriting).</summary>
    protected static Task<HttpResponseMessage> SendAsync(PresignedRequest presigned, byte[] body, string? contentType = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(presigned.Method), presigned.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in presigned.Headers)
        {
            // HttpClient would re-format "audio/webm;codecs=opus" as "audio/webm; codecs=opus"; S3 and
            // the local store compare the signed Content-Type byte for byte, as a browser sends it.
            if (!request.Content.Headers.TryAddWithoutValidation(name, name == "Content-Type" && contentType is not null ? contentType : value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return Http.SendAsync(request);
    }
}
