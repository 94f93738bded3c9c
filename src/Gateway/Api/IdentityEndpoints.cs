using Hybrid.Gateway.Security;

namespace Hybrid.Gateway.Api;

/// <summary><c>GET /api/data</c>: who the token says the caller is (the client's auth check; see docs/api.md).</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/data", (HttpContext http) =>
        {
            var user = http.User;
            return Results.Ok(new
            {
                userId = user.FindFirst("sub")?.Value,
                username = user.FindFirst("username")?.Value ?? user.FindFirst("cognito:username")?.Value,
                email = user.FindFirst("email")?.Value,
                tokenUse = user.FindFirst("token_use")?.Value,
                expiresAt = user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : (DateTimeOffset?)null,
            });
        }).RequireAuthorization().RequireRateLimiting(RateLimits.Api);
        return app;
    }
}
