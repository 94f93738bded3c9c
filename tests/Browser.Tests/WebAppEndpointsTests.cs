using System.Net;
using Hybrid.Browser.Tests.Infrastructure;
using Hybrid.Gateway.WebApp;
using Hybrid.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hybrid.Browser.Tests;

/// <summary>How the gateway serves the built app (no browser needed): pages, assets, caching, and what it must not answer.</summary>
[Trait("Category", "Web")]
public sealed class WebAppEndpointsTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hybrid-webapp-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_root, "index.html"), "<!doctype html><title>app</title>");
        await File.WriteAllTextAsync(Path.Combine(_root, "assets", "app-ABC123.js"), "console.log(1)");
        await File.WriteAllTextAsync(Path.Combine(_root, "assets", ".hidden.js"), "secret");
        await File.WriteAllTextAsync(Path.Combine(_root, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        await File.WriteAllTextAsync(Path.Combine(_root, ".build-hash"), "secret");
        _app = await StartAsync($"--WebApp:Root={_root}");
    }

    private async Task<WebApplication> StartAsync(params string[] settings)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder([$"--urls=http://127.0.0.1:{port}", .. settings]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/api/ping", () => "pong");
        app.MapHybridWebApp();
        app.MapHybridWebApp(); // a second call must not map twice (ambiguous routes)
        await app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        return app;
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sessions")]
    [InlineData("/sessions/0123456789abcdef")]
    [InlineData("/files")]
    [InlineData("/callback?code=abc&state=xyz")]
    public async Task App_pages_get_index_html_never_cached(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("<!doctype html><title>app</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hashed_assets_are_served_with_a_long_immutable_cache()
    {
        using var response = await _http.GetAsync("/assets/app-ABC123.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        using var icon = await _http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/hubs/other")]
    [InlineData("/blobs/users/x")]
    [InlineData("/assets/missing.js")]
    [InlineData("/assets/.hidden.js")]
    [InlineData("/.build-hash")]
    [InlineData("/index.js")]
    public async Task Api_paths_hidden_files_and_missing_files_are_404_not_the_page(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Other_endpoints_win_and_only_GET_gets_the_page()
    {
        Assert.Equal("pong", await _http.GetStringAsync("/api/ping"));
        using var post = await _http.PostAsync("/sessions", new StringContent("x"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Without_a_build_the_root_says_how_to_build_it()
    {
        await using var app = await StartAsync($"--WebApp:Root={Path.Combine(_root, "nowhere")}");
        using var response = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("build.mjs", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
