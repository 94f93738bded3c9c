using Hybrid.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace Hybrid.Gateway.Api;

/// <summary><c>GET /api/config</c>: what the web app needs to sign in (public; no secrets in it).</summary>
public static class ClientConfigEndpoints
{
    public static IEndpointRouteBuilder MapClientConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", (IOptions<AuthOptions> options) =>
        {
            var auth = options.Value;
            return Results.Ok(new
            {
                authMode = auth.IsDev ? "Dev" : "Cognito",
                cognito = auth.IsDev ? null : new
                {
                    domain = auth.HostedUiDomain,
                    clientId = auth.ClientId,
                    redirectUri = auth.RedirectUri,
                    scopes = auth.Scopes,
                },
            });
        }).AllowAnonymous();
        return app;
    }
}
