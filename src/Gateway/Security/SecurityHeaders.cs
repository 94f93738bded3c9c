namespace Hybrid.Gateway.Security;

/// <summary>
/// Headers on every response: a CSP without inline scripts (the web app ships no inline script),
/// no MIME sniffing, no framing, no referrer leaks.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        // Presigned uploads go straight to storage: the page must be allowed to connect there.
        var storage = configuration["Storage:ServiceUrl"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? " " + uri.GetLeftPart(UriPartial.Authority)
            : string.Empty;
        var csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:"
            + storage + "; connect-src 'self' ws: wss:" + storage + "; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = csp;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
            await next();
        });
    }
}
