using Hybrid.Gateway.Api.Files;
using Hybrid.Gateway.Security;
using Hybrid.Storage.Blobs;

namespace Hybrid.Gateway.Api.Memory;

/// <summary>
/// The JSON memory store under <c>/api/memory</c> (see docs/api.md). The signed-in
/// store keeps entries under <c>users/{sub}/memory/</c>; the public one is anonymous by contract, so
/// it is small (16 KB) and rate-limited per IP, and never tells the caller a key.
/// </summary>
public static class MemoryEndpoints
{
    public const int MaxBytes = 256 * 1024;
    public const int PublicMaxBytes = 16 * 1024;

    private const string LoggerName = "Hybrid.Gateway.Api.Memory";

    public static IEndpointRouteBuilder MapMemory(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        var memory = new MemoryStore(services.GetRequiredService<IBlobStore>(), services.GetService<TimeProvider>() ?? TimeProvider.System, logger);
        var group = app.MapGroup("/api/memory");

        group.MapPost("/", Task<IResult> (HttpContext http) => ApiCalls.RunAsync(http, logger, "memory store", async ct =>
            {
                var body = await JsonBodies.ReadBytesAsync(http.Request, MaxBytes, ct);
                var stored = await memory.StoreAsync(http.User.UserId(), body, ct);
                return Results.Json(stored, statusCode: StatusCodes.Status201Created);
            }))
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api).WithBodyLimit(MaxBytes);

        group.MapGet("/", (HttpContext http, string? continuationToken, string? limit) => ApiCalls.RunAsync(http, logger, "memory list", async ct =>
                Results.Ok(await memory.ListAsync(http.User.UserId(), continuationToken, limit, ct))))
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api).WithBodyLimit(1024);

        group.MapPost("/public", Task<IResult> (HttpContext http) => ApiCalls.RunAsync(http, logger, "public memory store", async ct =>
            {
                var body = await JsonBodies.ReadBytesAsync(http.Request, PublicMaxBytes, ct);
                var stored = await memory.StorePublicAsync(body, http.Connection.RemoteIpAddress?.ToString(), ct);
                return Results.Json(stored, statusCode: StatusCodes.Status201Created);
            }))
            .AllowAnonymous().RequireRateLimiting(RateLimits.PublicWrite).WithBodyLimit(PublicMaxBytes);
        return app;
    }
}
