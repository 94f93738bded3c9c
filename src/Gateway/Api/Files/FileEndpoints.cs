using Hybrid.Gateway.Security;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Microsoft.Extensions.Options;

namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// The user's file manager under <c>/api/s3</c> (route names kept for existing clients; see docs/api.md).
/// Every key is built on the server from the token's <c>sub</c>: <c>users/{sub}/files/{relative}</c>.
/// A client path is only a relative name; one that tries to climb, is absolute, uses backslashes or
/// control characters, or is empty is refused with 400 <c>invalid_path</c>, never repaired.
/// </summary>
public static class FileEndpoints
{
    /// <summary>The JSON bodies here are a few paths and numbers.</summary>
    public const long BodyLimitBytes = 16 * 1024;

    private const string LoggerName = "Hybrid.Gateway.Api.Files";

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        var files = new FileManager(services.GetRequiredService<IBlobStore>(),
            services.GetRequiredService<IOptions<StorageOptions>>().Value.MaxObjectBytes, logger);

        var group = app.MapGroup("/api/s3")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimits.Api)
            .WithBodyLimit(BodyLimitBytes);
        group.AddEndpointFilter(async (context, next) => RawTargetGuard.HasDotSegments(context.HttpContext)
            ? await ApiCalls.RunAsync(context.HttpContext, logger, "request",
                _ => throw ApiFailure.InvalidPath("'.' and '..' segments are not allowed in paths"))
            : await next(context));

        group.MapGet("/list", (HttpContext http, string? prefix, string? continuationToken, string? limit) =>
            Run(http, logger, "list", async (area, ct) =>
                Results.Ok(await files.ListAsync(area, prefix, continuationToken, limit, ct))));

        group.MapPost("/upload", Task<IResult> (HttpContext http) =>
            Run(http, logger, "upload", async (area, ct) =>
            {
                var body = await JsonBodies.ReadObjectAsync<FileUploadRequest>(http.Request, BodyLimitBytes, ct);
                return Results.Ok(await files.PresignUploadAsync(area, body, ct));
            }));

        group.MapGet("/download/{**path}", (HttpContext http, string? path) =>
            Run(http, logger, "download", async (area, ct) =>
                Results.Ok(await files.PresignDownloadAsync(area, RoutePath(path), ct))));

        group.MapDelete("/delete/{**path}", (HttpContext http, string? path) =>
            Run(http, logger, "delete", async (area, ct) =>
            {
                await files.DeleteAsync(area, RoutePath(path), ct);
                return Results.NoContent();
            }));

        group.MapPost("/rename", Task<IResult> (HttpContext http) =>
            Run(http, logger, "rename", async (area, ct) =>
            {
                var body = await JsonBodies.ReadObjectAsync<FileRenameRequest>(http.Request, BodyLimitBytes, ct);
                return Results.Ok(await files.RenameAsync(area, body, ct));
            }));

        group.MapPost("/move", Task<IResult> (HttpContext http) =>
            Run(http, logger, "move", async (area, ct) =>
            {
                var body = await JsonBodies.ReadObjectAsync<FileMoveRequest>(http.Request, BodyLimitBytes, ct);
                return Results.Ok(await files.MoveAsync(area, body, ct));
            }));

        group.MapPost("/folder", Task<IResult> (HttpContext http) =>
            Run(http, logger, "folder", async (area, ct) =>
            {
                var body = await JsonBodies.ReadObjectAsync<FolderCreateRequest>(http.Request, BodyLimitBytes, ct);
                return Results.Json(await files.CreateFolderAsync(area, body, ct), statusCode: StatusCodes.Status201Created);
            }));

        // Anything else under /api/s3 (including what Kestrel's dot-segment resolution turned a
        // traversal into) gets a coded answer; the filter above makes the traversal a 400.
        group.Map("/{**rest}", (HttpContext http) =>
            Problems.Create(StatusCodes.Status404NotFound, ApiCodes.NotFound, "no such file-manager route"));
        return app;
    }

    private static Task<IResult> Run(HttpContext http, ILogger logger, string operation, Func<UserFileArea, CancellationToken, Task<IResult>> action) =>
        ApiCalls.RunAsync(http, logger, operation, ct => action(UserFileArea.For(http.User.UserId()), ct));

    /// <summary>
    /// Kestrel decodes every escape in the path except <c>%2F</c>; clients that encode a whole path
    /// with <c>encodeURIComponent</c> send their slashes that way, so it separates segments too.
    /// </summary>
    private static string? RoutePath(string? path) => path?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
