using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Bench.Storage;

/// <summary>The gateway's REST calls the benchmark makes (docs/api.md, "Audio sessions").</summary>
public sealed class Api(HttpClient http, Uri baseUrl)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _base = baseUrl.AbsoluteUri.TrimEnd('/');

    public async Task<string> DevTokenAsync(string user)
    {
        using var response = await http.PostAsJsonAsync($"{_base}/api/dev/token", new { user }, Json);
        await EnsureAsync(response, "sign-in");
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json);
        return token?.AccessToken ?? throw new StepException("sign-in", 0, "no access_token");
    }

    public async Task<string> CreateSessionAsync(string token)
    {
        using var request = Authorized(HttpMethod.Post, "/api/audio/sessions", token);
        request.Content = JsonContent.Create(new { codec = "webm/opus", sampleRate = 48000, chunkSeconds = 5 }, options: Json);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "create");
        var created = await response.Content.ReadFromJsonAsync<CreatedSession>(Json);
        return created?.SessionId ?? throw new StepException("create", 0, "no sessionId");
    }

    public async Task<PresignedChunk> PresignAsync(string token, string sessionId, int seq, long tStartMs, long tEndMs, long sizeBytes)
    {
        using var request = Authorized(HttpMethod.Post, $"/api/audio/sessions/{sessionId}/chunks/presign", token);
        request.Content = JsonContent.Create(new { seq, tStartMs, tEndMs, contentType = "audio/webm", sizeBytes }, options: Json);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "presign");
        var grant = await response.Content.ReadFromJsonAsync<PresignedChunk>(Json);
        return grant is { PutUrl.Length: > 0, ObjectKey.Length: > 0 }
            ? grant
            : throw new StepException("presign", 0, "no putUrl/objectKey (multipart is not expected for one small chunk)");
    }

    /// <summary>PUTs the bytes to the presigned URL with exactly the headers the grant lists.</summary>
    public async Task PutAsync(PresignedChunk grant, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, grant.PutUrl);
        var content = new ByteArrayContent(bytes);
        foreach (var (name, value) in grant.Headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                // Set by ByteArrayContent from the body; a grant for another size would be a bug here.
                if (value != bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    throw new StepException("put", 0, $"grant wants Content-Length {value}, the chunk has {bytes.Length}");
                }
            }
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Content = content;
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "put");
    }

    public async Task CompleteAsync(string token, string sessionId, int seq, string objectKey, long bytes)
    {
        using var request = Authorized(HttpMethod.Post, $"/api/audio/sessions/{sessionId}/chunks/complete", token);
        request.Content = JsonContent.Create(new { seq, objectKey, bytes }, options: Json);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "complete");
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, _base + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string step)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync();
        string code;
        try
        {
            // Problem details carry the stable code in "code"; S3 answers XML.
            using var doc = JsonDocument.Parse(body);
            code = doc.RootElement.TryGetProperty("code", out var c) ? c.GetString() ?? "?" : "?";
        }
        catch (JsonException)
        {
            code = body.Contains("<Code>", StringComparison.Ordinal)
                ? body[(body.IndexOf("<Code>", StringComparison.Ordinal) + 6)..].Split('<')[0]
                : "?";
        }

        throw new StepException(step, (int)response.StatusCode, code, body.Length > 300 ? body[..300] : body);
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string? AccessToken);

    private sealed record CreatedSession(string? SessionId);
}

/// <summary>The presign answer (single PUT; multipart is not used for chunks this small).</summary>
public sealed record PresignedChunk(int Seq, string ObjectKey, string? PutUrl, Dictionary<string, string>? Headers, int ExpiresInSeconds);

/// <summary>A failed step: which one, the HTTP status (0 for a client-side failure) and the server's code.</summary>
public sealed class StepException(string step, int status, string code, string? detail = null)
    : Exception($"{step}: HTTP {status} {code} {detail}".TrimEnd())
{
    public string Step { get; } = step;
    public int Status { get; } = status;
    public string Code { get; } = code;
}
