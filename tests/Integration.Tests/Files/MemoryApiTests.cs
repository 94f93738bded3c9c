using System.Net;
using System.Text.Json;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Files;

/// <summary>
/// The JSON memory store (<c>/api/memory</c>): server-side wrapper with the token's user, listing,
/// refusals of malformed and oversized bodies, and the anonymous public store's size and rate limits.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class MemoryApiTests(SystemFixture system)
{
    [Fact]
    public async Task A_stored_entry_carries_the_token_user_whatever_the_body_claims()
    {
        var user = FileManagerApiTests.NewUser("mem");
        using var api = await FilesClient.SignInAsync(system, user);

        var stored = await api.PostAsync("/api/memory", new { userId = "mallory", note = "remember the milk", nested = new { n = 1 } });

        Assert.Equal(HttpStatusCode.Created, stored.Status);
        var id = stored.Body.GetProperty("id").GetString()!;
        var key = stored.Body.GetProperty("key").GetString()!;
        Assert.StartsWith($"users/{user}/memory/", key, StringComparison.Ordinal);
        Assert.EndsWith($"-{id}.json", key, StringComparison.Ordinal);
        var wrapper = JsonDocument.Parse(await File.ReadAllTextAsync(StoreSnapshot.LocalObject(system, key))).RootElement;
        Assert.Equal(id, wrapper.GetProperty("id").GetString());
        Assert.Equal(user, wrapper.GetProperty("userId").GetString());
        Assert.Equal("api", wrapper.GetProperty("source").GetString());
        Assert.True(DateTimeOffset.TryParse(wrapper.GetProperty("storedAt").GetString(), out _));
        Assert.Equal("mallory", wrapper.GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal("remember the milk", wrapper.GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(1, wrapper.GetProperty("data").GetProperty("nested").GetProperty("n").GetInt32());

        var listed = await api.GetAsync("/api/memory");
        var item = Assert.Single(listed.Body.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal(key, item.GetProperty("key").GetString());
    }

    [Fact]
    public async Task The_listing_pages_through_the_callers_entries_only()
    {
        using var api = await FilesClient.SignInAsync(system, FileManagerApiTests.NewUser("memlist"));
        using var other = await FilesClient.SignInAsync(system, FileManagerApiTests.NewUser("memother"));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.PostAsync("/api/memory", new { i })).Body.GetProperty("id").GetString()!);
        }

        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync("/api/memory", new { secret = true })).Status);

        var first = await api.GetAsync("/api/memory?limit=2");
        var token = first.Body.GetProperty("continuationToken").GetString()!;
        var second = await api.GetAsync($"/api/memory?limit=2&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(2, first.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("continuationToken").ValueKind);
        var listed = first.Body.GetProperty("items").EnumerateArray().Concat(second.Body.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), await StatusAndCode(api.GetAsync("/api/memory?limit=0")));
    }

    [Fact]
    public async Task Malformed_or_oversized_bodies_are_refused_with_a_code_and_store_nothing()
    {
        var user = FileManagerApiTests.NewUser("membad");
        using var api = await FilesClient.SignInAsync(system, user);

        foreach (var body in new[] { "{\"a\":", "[1,2]", "\"text\"", "42", "", "{\"a\":1,\"a\":2}", "{\"a\":1,}", "{'a':1}" })
        {
            var refused = await api.PostRawJsonAsync("/api/memory", body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.Code == "invalid_json", $"'{body}': {refused}");
        }

        var big = await api.PostRawJsonAsync("/api/memory", $"{{\"text\":\"{new string('x', 256 * 1024)}\"}}");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (big.Status, big.Code));
        Assert.False(Directory.Exists(StoreSnapshot.LocalObject(system, $"users/{user}/memory")));

        var justUnder = await api.PostRawJsonAsync("/api/memory", $"{{\"text\":\"{new string('x', 256 * 1024 - 20)}\"}}");
        Assert.Equal(HttpStatusCode.Created, justUnder.Status);

        using var anonymous = FilesClient.Anonymous(system);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/memory", new { a = 1 })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/memory")).Status);
    }

    [Fact]
    public async Task The_public_store_takes_small_json_anonymously_and_is_size_and_rate_limited()
    {
        // A client of its own loopback address: the per-IP budget is fresh whatever other tests spent.
        using var anonymous = FilesClient.Anonymous(system);

        var stored = await anonymous.PostAsync("/api/memory/public", new { hello = "world", userId = "someone" });
        Assert.Equal(HttpStatusCode.Created, stored.Status);
        var id = stored.Body.GetProperty("id").GetString()!;
        Assert.False(stored.Body.TryGetProperty("key", out _), "the public store must not disclose keys");
        var file = Directory.EnumerateFiles(StoreSnapshot.LocalObject(system, "public/memory"), $"*-{id}.json", SearchOption.AllDirectories).Single();
        var wrapper = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal("public", wrapper.GetProperty("source").GetString());
        Assert.False(wrapper.TryGetProperty("userId", out _));
        Assert.Equal("world", wrapper.GetProperty("data").GetProperty("hello").GetString());

        var tooBig = await anonymous.PostRawJsonAsync("/api/memory/public", $"{{\"text\":\"{new string('x', 17 * 1024)}\"}}");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (tooBig.Status, tooBig.Code));
        var malformed = await anonymous.PostRawJsonAsync("/api/memory/public", "{nope");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), (malformed.Status, malformed.Code));

        // The fixture allows 10 public writes a minute per IP: hammering must hit 429 within 12.
        string? retryAfter = null;
        ApiResponse? limited = null;
        for (var attempt = 0; attempt < 12 && limited is null; attempt++)
        {
            var response = await anonymous.SendRawAsync(HttpMethod.Post, "/api/memory/public", JsonContent(new { attempt }),
                r => retryAfter = r.Headers.RetryAfter?.ToString());
            if (response.Status == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.Status);
            }
        }

        Assert.NotNull(limited);
        Assert.Equal("rate_limited", limited!.Code);
        Assert.False(string.IsNullOrEmpty(retryAfter), "a 429 must say when to retry");
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);

    private static async Task<(HttpStatusCode, string?)> StatusAndCode(Task<ApiResponse> call)
    {
        var response = await call;
        return (response.Status, response.Code);
    }
}
