using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Hybrid.Gateway.WebApp;

/// <summary>
/// Serves the browser app built by <c>src/Gateway/ClientApp/build.mjs</c> (esbuild; no CDN at run time):
/// content-hashed files under <c>/assets/</c> with a year of caching, other files of the build folder,
/// and <c>index.html</c> (never cached) for the app's own pages (<c>/</c>, <c>/sessions</c>,
/// <c>/sessions/{id}</c>, <c>/files</c>, <c>/callback</c>, …). API, hub and blob paths are never
/// answered with the page. Everything is an anonymous endpoint, so it works wherever it is mapped and
/// under any authorization fallback policy; the gateway's security headers (CSP) apply as to any response.
/// </summary>
public static class WebAppEndpoints
{
    private const string LoggerName = "Hybrid.Gateway.WebApp";
    private static readonly string[] ReservedPrefixes = ["/api", "/hubs", "/blobs", "/healthz", "/readyz", "/.well-known"];
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private const string MappedKey = "Hybrid.WebApp.Mapped";

    /// <summary>Maps the web app's endpoints (e.g. after the API endpoints). A second call does nothing.</summary>
    public static WebApplication MapHybridWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var properties = ((IApplicationBuilder)app).Properties;
        if (properties.ContainsKey(MappedKey))
        {
            return app;
        }

        properties[MappedKey] = true;
        var options = app.Configuration.GetSection(WebAppOptions.SectionName).Get<WebAppOptions>() ?? new WebAppOptions();
        if (!options.Enabled)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        var root = WebAppLocator.Find(options, app.Environment.ContentRootPath);
        if (root is null)
        {
            logger.LogWarning("The web app is not built (no index.html found{Configured}); run scripts/run, or: cd src/Gateway/ClientApp && npm ci && node build.mjs",
                options.Root is null ? string.Empty : $" in {options.Root}");
            app.MapGet("/", () => Results.Text(
                "The Hybrid web app is not built. Run scripts/run, or: cd src/Gateway/ClientApp && npm ci && node build.mjs\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous().ExcludeFromDescription();
            return app;
        }

        logger.LogInformation("Serving the web app from {Root}", root);
        app.MapMethods("/assets/{**file}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string file) => ServeFile(http, root, "assets/" + file, immutable: true))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/{file:regex(^[A-Za-z0-9_-]+\\.(svg|ico|png|txt|webmanifest)$)}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string file) => ServeFile(http, root, file, immutable: false))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapFallback("{*path:nonfile}", (HttpContext http) => ServePage(http, root)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult ServePage(HttpContext http, string root)
    {
        var path = http.Request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            || ReservedPrefixes.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase) || path.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not_found", "no such resource");
        }

        http.Response.Headers.CacheControl = "no-cache";
        return Results.File(Path.Combine(root, "index.html"), "text/html; charset=utf-8");
    }

    private static IResult ServeFile(HttpContext http, string root, string relative, bool immutable)
    {
        // Resolve inside the build folder only: no "..", no absolute paths, no hidden files.
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootWithSeparator = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || relative.Split('/').Any(s => s.StartsWith('.')) || !File.Exists(full))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not_found", "no such file");
        }

        if (!ContentTypes.TryGetContentType(full, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/javascript" or "text/javascript" or "application/json")
        {
            contentType += "; charset=utf-8";
        }

        http.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600";
        var info = new FileInfo(full);
        var etag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(full, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }
}
