using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Local;
using Hybrid.Storage.Tests.Support;

namespace Hybrid.Storage.Tests.Contract;

/// <summary>
/// The contract on <see cref="LocalBlobStore"/> behind its real gateway endpoints, plus the refusals
/// that only the local store's signed URLs enforce. (s3rver accepts a wrong Content-Type, a wrong
/// length and a tampered signature, so on S3 those are S3's job and cannot be tested here.)
/// </summary>
public sealed class LocalBlobStoreContractTests(LocalBlobServerFixture fixture)
    : BlobStoreContractTests(fixture.Store, fixture.Options.MaxObjectBytes), IClassFixture<LocalBlobServerFixture>
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_wrong_content_type_is_refused_with_403_and_nothing_is_stored()
    {
        var key = $"{Prefix}chunk.webm";
        var body = TestBytes.Random(500);
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm;codecs=opus", body.Length, FiveMinutes));

        using var other = await SendAsync(put, body, contentType: "text/html");
        using var reformatted = await SendAsync(put, body, contentType: "audio/webm; codecs=opus");

        await AssertProblemAsync(other, HttpStatusCode.Forbidden, "signature_mismatch");
        await AssertProblemAsync(reformatted, HttpStatusCode.Forbidden, "signature_mismatch");
        Assert.Null(await Store.HeadAsync(key));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-500)]
    public async Task A_body_of_another_length_is_refused_and_nothing_is_stored(int difference)
    {
        var key = $"{Prefix}chunk.webm";
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", 1000, FiveMinutes));

        using var response = await SendAsync(put, TestBytes.Random(1000 + difference));

        await AssertProblemAsync(response, difference > 0 ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest, "length_mismatch");
        Assert.Null(await Store.HeadAsync(key));
    }

    [Fact]
    public async Task A_chunked_body_without_content_length_is_refused()
    {
        var key = $"{Prefix}chunk.webm";
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", 1000, FiveMinutes));
        using var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new StreamContent(new UnseekableStream(TestBytes.Random(1000))) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "audio/webm");
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "length_mismatch");
        Assert.Null(await Store.HeadAsync(key));
    }

    [Fact]
    public async Task A_body_that_ends_before_its_content_length_stores_nothing()
    {
        var key = $"{Prefix}truncated.webm";
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", 100_000, FiveMinutes));

        // HttpClient cannot lie about Content-Length; a raw socket can: announce 100,000 bytes, send 60,000, close.
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(put.Url.Host, put.Url.Port);
            var stream = client.GetStream();
            var head = $"PUT {put.Url.PathAndQuery} HTTP/1.1\r\nHost: {put.Url.Authority}\r\nContent-Type: audio/webm\r\nContent-Length: 100000\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(TestBytes.Random(60_000));
            client.Client.Shutdown(SocketShutdown.Send);
            var answer = string.Empty;
            try
            {
                using var reader = new StreamReader(stream);
                answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (IOException)
            {
                // Kestrel may reset the connection instead of answering; either way it was not accepted.
            }

            Assert.DoesNotContain("200 OK", answer, StringComparison.Ordinal);
        }

        Assert.Null(await Store.HeadAsync(key));

        // The same URL still works for the real thing afterwards.
        using var retry = await SendAsync(put, TestBytes.Random(100_000));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task An_expired_url_is_refused_with_403_url_expired()
    {
        // Signed by a clock an hour behind: expired by the server's clock at once, no waiting.
        var pastStore = fixture.CreateStore(new ShiftedTimeProvider(TimeSpan.FromHours(-1)));
        var key = $"{Prefix}late.webm";
        var body = TestBytes.Random(10);
        await Store.PutAsync($"{Prefix}present.webm", body, "audio/webm");

        using var put = await SendAsync(await pastStore.PresignPutAsync(new PresignPutRequest(key, "audio/webm", body.Length, FiveMinutes)), body);
        using var get = await Http.GetAsync((await pastStore.PresignGetAsync($"{Prefix}present.webm", FiveMinutes)).Url);

        await AssertProblemAsync(put, HttpStatusCode.Forbidden, "url_expired");
        await AssertProblemAsync(get, HttpStatusCode.Forbidden, "url_expired");
        Assert.Null(await Store.HeadAsync(key));
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("signature-spare-bits")]
    [InlineData("key")]
    [InlineData("length")]
    [InlineData("type")]
    [InlineData("expiry")]
    [InlineData("missing-signature")]
    [InlineData("repeated-parameter")]
    [InlineData("control-character")]
    public async Task A_tampered_url_is_refused_with_403_and_nothing_is_stored(string tamper)
    {
        var key = $"{Prefix}chunk.webm";
        var body = TestBytes.Random(1000);
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", body.Length, FiveMinutes));
        var url = put.Url.ToString();
        var otherKey = $"{Prefix}other.webm";
        var tampered = tamper switch
        {
            "signature" => FlipSignatureCharacter(url, fromEnd: 10),
            "signature-spare-bits" => FlipSignatureCharacter(url, fromEnd: 1),
            "key" => url.Replace("/chunk.webm?", "/other.webm?", StringComparison.Ordinal),
            "length" => url.Replace("len=1000", "len=999", StringComparison.Ordinal),
            "type" => url.Replace("ct=audio%2Fwebm", "ct=text%2Fhtml", StringComparison.Ordinal),
            "expiry" => ReplaceParameter(url, "exp", "9999999999"),
            "missing-signature" => url[..url.IndexOf("&sig=", StringComparison.Ordinal)],
            "control-character" => url.Replace("ct=audio%2Fwebm", "ct=audio%2Fwebm%0A", StringComparison.Ordinal),
            _ => url + "&exp=1",
        };
        Assert.NotEqual(url, tampered);
        var body2 = tamper == "length" ? body[..999] : body;
        var type = tamper == "type" ? "text/html" : "audio/webm";

        using var request = new HttpRequestMessage(HttpMethod.Put, tampered) { Content = new ByteArrayContent(body2) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        using var response = await Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "signature_mismatch");
        Assert.Null(await Store.HeadAsync(key));
        Assert.Null(await Store.HeadAsync(otherKey));
    }

    [Fact]
    public async Task A_put_url_does_not_allow_get_and_a_get_url_does_not_allow_put()
    {
        var key = $"{Prefix}chunk.webm";
        var body = TestBytes.Random(10);
        await Store.PutAsync(key, body, "audio/webm");
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", body.Length, FiveMinutes));
        var get = await Store.PresignGetAsync(key, FiveMinutes);

        using var getWithPutUrl = await Http.GetAsync(put.Url);
        using var putWithGetUrl = await SendAsync(get with { Method = "PUT", Headers = new Dictionary<string, string> { ["Content-Type"] = "audio/webm" } }, body);

        await AssertProblemAsync(getWithPutUrl, HttpStatusCode.Forbidden, "signature_mismatch");
        await AssertProblemAsync(putWithGetUrl, HttpStatusCode.Forbidden, "signature_mismatch");
    }

    [Fact]
    public async Task Downloads_are_never_sniffed_and_run_sandboxed()
    {
        var key = $"{Prefix}files/page.html";
        await Store.PutAsync(key, "<script>alert(1)</script>"u8.ToArray(), "text/html");

        using var response = await Http.GetAsync((await Store.PresignGetAsync(key, FiveMinutes)).Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    // Local only: s3rver 3.7.1 has no AbortMultipartUpload (DELETE ?uploadId answers 405).
    [Fact]
    public async Task An_aborted_multipart_upload_cannot_be_completed()
    {
        var key = $"{Prefix}aborted.webm";
        var part = TestBytes.Random(1000);
        var uploadId = await Store.CreateMultipartUploadAsync(key, "audio/webm");
        using var response = await SendAsync(await Store.PresignPartAsync(key, uploadId, 1, part.Length, TimeSpan.FromMinutes(5)), part);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Store.AbortMultipartUploadAsync(key, uploadId);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            Store.CompleteMultipartUploadAsync(key, uploadId, [new CompletedPart(1, response.Headers.ETag!.Tag)]));
        Assert.Equal(BlobStorageError.NotFound, error.Error);
        Assert.Null(await Store.HeadAsync(key));
    }

    [Fact]
    public async Task A_part_for_an_unknown_or_aborted_upload_is_not_found()
    {
        var key = $"{Prefix}aborted.webm";
        var uploadId = await Store.CreateMultipartUploadAsync(key, "audio/webm");
        var url = await Store.PresignPartAsync(key, uploadId, 1, 10, FiveMinutes);
        await Store.AbortMultipartUploadAsync(key, uploadId);

        using var response = await SendAsync(url, TestBytes.Random(10));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "upload_not_found");
    }

    [Fact]
    public async Task Completing_with_a_wrong_part_etag_is_refused()
    {
        var key = $"{Prefix}mismatch.webm";
        var uploadId = await Store.CreateMultipartUploadAsync(key, "audio/webm");
        using var response = await SendAsync(await Store.PresignPartAsync(key, uploadId, 1, 10, FiveMinutes), TestBytes.Random(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            Store.CompleteMultipartUploadAsync(key, uploadId, [new CompletedPart(1, "\"00000000000000000000000000000000\"")]));

        Assert.Equal(BlobStorageError.InvalidRequest, error.Error);
        Assert.Null(await Store.HeadAsync(key));
    }

    [Fact]
    public async Task Parts_smaller_than_5_MiB_other_than_the_last_are_refused_like_S3()
    {
        var key = $"{Prefix}small-parts.webm";
        var uploadId = await Store.CreateMultipartUploadAsync(key, "audio/webm");
        var parts = new List<CompletedPart>();
        for (var part = 1; part <= 2; part++)
        {
            using var response = await SendAsync(await Store.PresignPartAsync(key, uploadId, part, 10, FiveMinutes), TestBytes.Random(10));
            parts.Add(new CompletedPart(part, response.Headers.ETag!.Tag));
        }

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.CompleteMultipartUploadAsync(key, uploadId, parts));

        Assert.Equal(BlobStorageError.InvalidRequest, error.Error);
    }

    [Fact]
    public async Task An_object_and_a_folder_of_the_same_name_conflict()
    {
        await Store.PutAsync($"{Prefix}files/a", "x"u8.ToArray(), "text/plain");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.PutAsync($"{Prefix}files/a/b", "y"u8.ToArray(), "text/plain"));

        Assert.Equal(BlobStorageError.Conflict, error.Error);
        Assert.True(await Store.DeleteAsync($"{Prefix}files/a"));
        await Store.PutAsync($"{Prefix}files/a/b", "y"u8.ToArray(), "text/plain");
        Assert.False(await Store.DeleteAsync($"{Prefix}files/a"));
    }

    [Fact]
    public async Task Delimited_listing_counts_prefixes_toward_the_page_like_S3()
    {
        foreach (var name in new[] { "a/1", "b/1", "c", "d/1", "e" })
        {
            await Store.PutAsync($"{Prefix}{name}", "x"u8.ToArray(), "text/plain");
        }

        var entries = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(Prefix, token, pageSize: 2, delimiter: "/");
            Assert.InRange(page.Items.Count + page.Prefixes.Count, 1, 2);
            entries.AddRange(page.Prefixes.Concat(page.Items.Select(i => i.Key)).Order(StringComparer.Ordinal));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(new[] { "a/", "b/", "c", "d/", "e" }.Select(n => Prefix + n), entries);
    }

    [Fact]
    public async Task An_upload_above_kestrels_default_body_limit_is_accepted_up_to_the_object_limit()
    {
        // Kestrel refuses bodies over 30,000,000 bytes unless the endpoint raises the limit.
        var key = $"{Prefix}large.webm";
        var body = TestBytes.Random(31 * 1024 * 1024);

        using var response = await SendAsync(await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", body.Length, FiveMinutes)), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, (await Store.HeadAsync(key))?.Size);
    }

    [Fact]
    public async Task Files_on_disk_that_no_key_can_name_are_not_listed()
    {
        await Store.PutAsync($"{Prefix}ok.txt", "x"u8.ToArray(), "text/plain");
        var folder = Path.Combine(fixture.BlobRoot, "objects", Prefix.TrimEnd('/'));
        await File.WriteAllTextAsync(Path.Combine(folder, "%2e%2e"), "dropped by hand");

        var page = await Store.ListAsync(Prefix);

        Assert.Equal([$"{Prefix}ok.txt"], page.Items.Select(i => i.Key));
    }

    [Fact]
    public void Stale_temp_files_and_abandoned_uploads_are_swept_at_start()
    {
        var stale = Path.Combine(fixture.BlobRoot, ".tmp", $"stale-{Guid.NewGuid():N}");
        var fresh = Path.Combine(fixture.BlobRoot, ".tmp", $"fresh-{Guid.NewGuid():N}");
        var abandoned = Path.Combine(fixture.BlobRoot, ".multipart", $"{Guid.NewGuid():N}");
        File.WriteAllText(stale, "x");
        File.WriteAllText(fresh, "x");
        Directory.CreateDirectory(abandoned);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        Directory.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-8));

        _ = fixture.CreateStore();

        Assert.False(File.Exists(stale));
        Assert.False(Directory.Exists(abandoned));
        Assert.True(File.Exists(fresh));
        File.Delete(fresh);
    }

    [Fact]
    public void The_signing_key_is_32_bytes_readable_only_by_its_owner()
    {
        var path = fixture.Options.SigningKeyPath!;

        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    // The signature is the last parameter, 43 base64url characters for 32 bytes, so its final
    // character carries two spare bits that decode to nothing. Flipping only those must be refused
    // too: a signature has exactly one spelling.
    private static string FlipSignatureCharacter(string url, int fromEnd)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var index = url.Length - fromEnd;
        var value = Alphabet.IndexOf(url[index], StringComparison.Ordinal);
        var flipped = Alphabet[fromEnd == 1 ? value ^ 1 : value ^ 32];
        return url[..index] + flipped + url[(index + 1)..];
    }

    private static string ReplaceParameter(string url, string name, string value)
    {
        var start = url.IndexOf($"{name}=", StringComparison.Ordinal) + name.Length + 1;
        var end = url.IndexOf('&', start);
        return url[..start] + value + url[end..];
    }

    /// <summary>A stream of unknown length, so HttpClient must send it chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
