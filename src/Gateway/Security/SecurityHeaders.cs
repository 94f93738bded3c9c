namespace Hybrid.Gateway.Security;

/// <summary>
/// Headers on every response: a CSP without inline scripts (the web app ships no inline script),
/// no MIME sniffing, no framing, no referrer leaks.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        // Presigned uploads and playback go straight to storage, and Cognito's token endpoint is called
        // from the page: both origins must be allowed, and nothing else.
        var storage = StorageOrigin(configuration) is { } origin ? " " + origin : string.Empty;
        var cognito = Origin(configuration["Auth:HostedUiDomain"]) is { } hosted ? " " + hosted : string.Empty;
        var csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:"
            + storage + "; connect-src 'self' ws: wss:" + storage + cognito
            + "; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'" + cognito;
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

    private static string? StorageOrigin(IConfiguration configuration)
    {
        if (Origin(configuration["Storage:ServiceUrl"]) is { } explicitOrigin)
        {
            return explicitOrigin;
        }

        // Real S3 without a service URL: presigned URLs are virtual-hosted on the bucket's regional endpoint.
        return string.Equals(configuration["Storage:Provider"], "S3", StringComparison.OrdinalIgnoreCase) && configuration["Storage:Bucket"] is { Length: > 0 } bucket
            ? $"https://{bucket}.s3.{configuration["Storage:Region"] ?? "us-east-1"}.amazonaws.com"
            : null;
    }

    private static string? Origin(string? url) =>
        url is { Length: > 0 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
