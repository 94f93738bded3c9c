using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hybrid.Gateway;
using Hybrid.Gateway.WebApp;
using Hybrid.Silo;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// The whole system on loopback, as <c>scripts/run</c> starts it: a silo with its in-process RivaLocal
/// (PocketSphinx over real gRPC), file grain storage and local blobs in a temp folder, and a real Kestrel
/// gateway that serves the built web app, the hub, the REST API and the signed blob URLs. Also checks
/// the browser tooling (built app, playwright-core, chromium) and makes the fake microphone's WAV.
/// </summary>
public sealed class BrowserSystemFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hybrid-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SemaphoreSlim _recordingLock = new(1, 1);
    private WebApplication? _gateway;
    private HybridSilo? _silo;
    private RecordedSession? _recording;

    public Uri BaseUri { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The fake microphone's WAV (48 kHz mono PCM16).</summary>
    public string MicrophoneWav { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await EnsureToolingAsync();
        MicrophoneWav = await FakeMicrophone.CreateAsync();

        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var httpPort = FreePort.Next();
        BaseUri = new Uri($"http://127.0.0.1:{httpPort}");
        _silo = await HybridSilo.StartAsync(
        [
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            "--Orleans:SiloName=browser-silo",
            "--Orleans:ClusterId=browser",
            "--Asr:Capacity=3",
            "--Asr:DisplayName=rivalocal-browser",
            "--Logging:LogLevel:Default=Warning",
            $"--Storage:PublicBaseUrl={BaseUri}",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));

        _gateway = GatewayApp.Build(
        [
            $"--urls={BaseUri}",
            $"--Hybrid:DataDirectory={_data}",
            $"--Orleans:GatewayPorts:0={gatewayPort}",
            "--Orleans:ClusterId=browser",
            $"--Storage:PublicBaseUrl={BaseUri}",
            $"--WebApp:Root={Path.Combine(Paths.ClientApp, "dist")}",
            "--Logging:LogLevel:Default=Warning",
        ], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        _gateway.MapHybridWebApp(); // no-op once GatewayApp maps it itself
        await _gateway.StartAsync();
        Http = new HttpClient { BaseAddress = BaseUri };
    }

    /// <summary>A dev token for <paramref name="user"/>.</summary>
    public async Task<string> TokenAsync(string user)
    {
        using var response = await Http.PostAsJsonAsync("/api/dev/token", new { user });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>GETs <paramref name="path"/> as <paramref name="user"/>; returns the status and the JSON body (if any).</summary>
    public async Task<(int Status, JsonElement Body)> GetJsonAsync(string user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return ((int)response.StatusCode, body);
    }

    /// <summary>
    /// Records the fake microphone's speech once (scenario <c>record</c>) and keeps what the later checks
    /// need; the tests that assert on it and the session-page test share it, in whatever order they run.
    /// </summary>
    public async Task<RecordedSession> RecordOnceAsync(Xunit.Abstractions.ITestOutputHelper output)
    {
        await _recordingLock.WaitAsync();
        try
        {
            if (_recording is not null)
            {
                return _recording;
            }

            const string user = "browser-rec";
            var seconds = Math.Ceiling(FakeMicrophone.DurationSeconds(MicrophoneWav));
            var result = await Scenario.RunAsync(this, "record", new { user, seconds, chunkSeconds = 5 }, output, TimeSpan.FromMinutes(3));
            var sessionId = result.GetProperty("sessionId").GetString()!;
            var (status, manifest) = await GetJsonAsync(user, $"/api/audio/sessions/{sessionId}");
            Assert.Equal(200, status);
            var (urlStatus, url) = await GetJsonAsync(user, $"/api/audio/sessions/{sessionId}/chunks/1/url");
            Assert.True(urlStatus == 200, $"GET .../chunks/1/url answered {urlStatus}");
            var bytes = await DownloadAsync(url.GetProperty("url").GetString()!);
            _recording = new RecordedSession(user, seconds, result, manifest, bytes);
            return _recording;
        }
        finally
        {
            _recordingLock.Release();
        }
    }

    /// <summary>Downloads bytes from an absolute (signed) URL.</summary>
    public async Task<byte[]> DownloadAsync(string url) => await Http.GetByteArrayAsync(new Uri(BaseUri, url));

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    /// <summary>Fails with what to run when the app is not built or the browser tools are missing.</summary>
    private static async Task EnsureToolingAsync()
    {
        const string hint = "run scripts/test, or source scripts/lib/deps.sh and scripts/lib/web.sh and call hybrid_build_web and hybrid_install_browser";
        if (!File.Exists(Paths.Chromium))
        {
            throw new InvalidOperationException($"chromium was not found at {Paths.Chromium}; {hint}");
        }

        if (!Directory.Exists(Path.Combine(Paths.TestProject, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in tests/Browser.Tests; {hint}");
        }

        if (!Directory.Exists(Path.Combine(Paths.ClientApp, "node_modules", "esbuild")))
        {
            throw new InvalidOperationException($"the web app's npm packages are not installed; {hint}");
        }

        // Idempotent and fast when nothing changed: the tests always run against the current sources.
        var build = await ProcessRunner.RunAsync("node", ["build.mjs"], Paths.ClientApp, TimeSpan.FromMinutes(2));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the web app failed: {build.StandardError}{build.StandardOutput}");
        }
    }
}
