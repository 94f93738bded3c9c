using Hybrid.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace Hybrid.Gateway.Security;

/// <summary>
/// Browsers send <c>Origin</c>; a page from anywhere else must not open the hub or call the API with a
/// user's token (cross-site WebSocket hijacking). Same-origin and configured origins pass; requests
/// without an Origin (CLI, servers) are judged by their token alone.
/// </summary>
public static class OriginPolicy
{
    public static IApplicationBuilder UseOriginAllowList(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowed(context, origin))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hybrid.Gateway.Security");
            logger.LogWarning("Refused request from origin {Origin} to {Path}", origin, context.Request.Path);
            await Problems.Create(StatusCodes.Status403Forbidden, "origin_not_allowed", "this origin may not use the API").ExecuteAsync(context);
            return;
        }

        await next();
    });

    private static bool IsAllowed(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var self = $"{context.Request.Scheme}://{context.Request.Host}";
        if (string.Equals(uri.GetLeftPart(UriPartial.Authority), self, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
