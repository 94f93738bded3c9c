using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Files;

/// <summary>
/// A REST client of the gateway that connects from its own loopback address (127.x.y.z), so the
/// per-IP limits (dev sign-in, public writes) start fresh for it whatever other tests spent, and
/// that sends request targets exactly as written (no client-side <c>..</c> resolution), so the
/// server sees the traversal attempts a hostile client would send.
/// </summary>
public sealed class FilesClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private string? _token;

    private FilesClient(SystemFixture system)
    {
        _base = system.BaseUri;
        Address = new IPAddress([127, (byte)RandomNumberGenerator.GetInt32(1, 255), (byte)RandomNumberGenerator.GetInt32(0, 256), (byte)RandomNumberGenerator.GetInt32(1, 255)]);
        var address = Address;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
    }

    /// <summary>The loopback address this client connects from.</summary>
    public IPAddress Address { get; }

    /// <summary>The signed-in user, or null for an anonymous client.</summary>
    public string? User { get; private set; }

    public static async Task<FilesClient> SignInAsync(SystemFixture system, string user)
    {
        var client = new FilesClient(system);
        var response = await client._http.PostAsJsonAsync(new Uri(client._base, "/api/dev/token"), new { user });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client._token = body.RootElement.GetProperty("access_token").GetString();
        client.User = user;
        return client;
    }

    public static FilesClient Anonymous(SystemFixture system) => new(system);

    /// <summary>Sends <paramref name="target"/> (path and query, as written) with an optional JSON body.</summary>
    public Task<ApiResponse> SendAsync(HttpMethod method, string target, object? body = null) =>
        SendRawAsync(method, target, body is null ? null : JsonContent.Create(body, options: ApiClient.Json));

    public Task<ApiResponse> GetAsync(string target) => SendAsync(HttpMethod.Get, target);

    public Task<ApiResponse> PostAsync(string target, object body) => SendAsync(HttpMethod.Post, target, body);

    public Task<ApiResponse> DeleteAsync(string target) => SendAsync(HttpMethod.Delete, target);

    /// <summary>Posts <paramref name="json"/> exactly as given (malformed JSON, exact sizes).</summary>
    public Task<ApiResponse> PostRawJsonAsync(string target, string json) =>
        SendRawAsync(HttpMethod.Post, target, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string target, HttpContent? content, Action<HttpResponseMessage>? inspect = null)
    {
        using var request = new HttpRequestMessage(method, RawUri(target)) { Content = content };
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        using var response = await _http.SendAsync(request);
        inspect?.Invoke(response);
        var text = await response.Content.ReadAsStringAsync();
        var json = default(JsonElement);
        if (text.TrimStart().StartsWith('{'))
        {
            json = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new ApiResponse(response.StatusCode, json, text);
    }

    /// <summary>Presign → PUT the bytes to the URL with its headers; returns the relative key.</summary>
    public async Task<string> UploadAsync(string fileName, byte[] data, string contentType = "application/octet-stream")
    {
        var grant = await PostAsync("/api/s3/upload", new { fileName, contentType, fileSize = data.Length });
        Assert.True(grant.Status == HttpStatusCode.OK, $"presign of '{fileName}': {grant}");
        Assert.Equal(HttpStatusCode.OK, await PutAsync(grant.Body, data));
        return grant.Body.GetProperty("key").GetString()!;
    }

    /// <summary>PUTs <paramref name="data"/> to a grant's URL with exactly its headers.</summary>
    public async Task<HttpStatusCode> PutAsync(JsonElement grant, byte[] data)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Signed(grant.GetProperty("putUrl").GetString()!)) { Content = new ByteArrayContent(data) };
        foreach (var header in grant.GetProperty("headers").EnumerateObject())
        {
            if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Every entry of a folder listing, following continuation tokens.</summary>
    public async Task<List<JsonElement>> ListAllAsync(string prefix, int limit = 100)
    {
        var items = new List<JsonElement>();
        string? token = null;
        do
        {
            var target = $"/api/s3/list?prefix={Uri.EscapeDataString(prefix)}&limit={limit}"
                + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await GetAsync(target);
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            items.AddRange(page.Body.GetProperty("items").EnumerateArray());
            token = page.Body.GetProperty("continuationToken").ValueKind == JsonValueKind.String
                ? page.Body.GetProperty("continuationToken").GetString()
                : null;
        }
        while (token is not null);

        return items;
    }

    /// <summary>Downloads through the presigned URL of <paramref name="path"/>.</summary>
    public async Task<(HttpStatusCode Status, byte[] Data, ContentDispositionHeaderValue? Disposition)> DownloadAsync(string path)
    {
        var grant = await GetAsync("/api/s3/download/" + EscapePath(path));
        Assert.True(grant.Status == HttpStatusCode.OK, grant.ToString());
        using var response = await _http.GetAsync(Signed(grant.Body.GetProperty("url").GetString()!));
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition);
    }

    /// <summary>Each segment percent-encoded, slashes kept (what a careful client sends).</summary>
    public static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// A signed URL, sent to this fixture's gateway. The fixture gives the gateway no
    /// <c>Storage:PublicBaseUrl</c>, so the URLs the gateway signs name the default
    /// 127.0.0.1:5000; the signature covers path and query only, so the authority may be swapped.
    /// </summary>
    private Uri Signed(string url) => RawUri(new Uri(url).PathAndQuery);

    private Uri RawUri(string target) =>
        new($"{_base.GetLeftPart(UriPartial.Authority)}{target}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
