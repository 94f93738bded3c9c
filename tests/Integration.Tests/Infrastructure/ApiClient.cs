using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>A signed-in REST client of the gateway; answers as (status, JSON).</summary>
public sealed class ApiClient(HttpClient http, string token)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ApiClient> ForAsync(SystemFixture system, string user) => new(system.Http, await system.TokenAsync(user));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default, text);
    }

    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates a recording session and returns its id.</summary>
    public async Task<string> CreateRecordingAsync(string? sessionId = null, int chunkSeconds = 5)
    {
        var created = await PostAsync("/api/audio/sessions", new { sessionId, codec = "webm/opus", sampleRate = 48000, chunkSeconds });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Body.GetProperty("sessionId").GetString()!;
    }

    /// <summary>Presign → PUT to the URL with its headers → complete, the way a browser does.</summary>
    public async Task<ApiResponse> UploadChunkAsync(string sessionId, int seq, byte[] data, long tStartMs, long tEndMs, string contentType = "audio/webm")
    {
        var grant = await PresignAsync(sessionId, seq, data.Length, tStartMs, tEndMs, contentType);
        Assert.Equal(HttpStatusCode.OK, grant.Status);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(grant.Body, data));
        return await CompleteAsync(sessionId, seq, grant.Body.GetProperty("objectKey").GetString()!, data.Length);
    }

    public Task<ApiResponse> PresignAsync(string sessionId, int seq, long size, long tStartMs, long tEndMs, string contentType = "audio/webm") =>
        PostAsync($"/api/audio/sessions/{sessionId}/chunks/presign", new { seq, tStartMs, tEndMs, contentType, sizeBytes = size });

    public Task<ApiResponse> CompleteAsync(string sessionId, int seq, string objectKey, long bytes, string? sha256 = null) =>
        PostAsync($"/api/audio/sessions/{sessionId}/chunks/complete", new { seq, objectKey, bytes, sha256 });

    /// <summary>Uploads <paramref name="data"/> to a presigned URL from a grant, anonymously (the URL is the authorisation).</summary>
    public async Task<HttpStatusCode> PutAsync(JsonElement grant, byte[] data)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, grant.GetProperty("putUrl").GetString());
        request.Content = new ByteArrayContent(data);
        foreach (var header in grant.GetProperty("headers").EnumerateObject())
        {
            if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        using var plain = new HttpClient();
        using var response = await plain.SendAsync(request);
        return response.StatusCode;
    }
}
