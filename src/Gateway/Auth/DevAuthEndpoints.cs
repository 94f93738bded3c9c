using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Hybrid.Gateway.Security;
using Microsoft.IdentityModel.Tokens;

namespace Hybrid.Gateway.Auth;

/// <summary>The dev issuer's endpoints: token minting and its JWKS. Mapped only in Dev mode.</summary>
public static partial class DevAuthEndpoints
{
    public static IEndpointRouteBuilder MapDevAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/token", (HttpContext http, DevTokenRequest? body, DevSigningKey key, IOptions<AuthOptions> options, ILoggerFactory logs) =>
        {
            // Dev sign-in hands out tokens for any name: only ever to this machine.
            var remote = http.Connection.RemoteIpAddress;
            if (remote is null || !System.Net.IPAddress.IsLoopback(remote))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "dev sign-in is only available from this machine");
            }

            var user = body?.User?.Trim();
            if (string.IsNullOrEmpty(user) || !UserName().IsMatch(user))
            {
                return Problems.BadRequest("invalid_argument", "user must be 1-64 characters of letters, digits, '.', '_', '-' or '@'");
            }

            var o = options.Value;
            var handler = new JsonWebTokenHandler();
            var token = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = o.DevIssuer,
                Subject = new ClaimsIdentity(
                [
                    new Claim("sub", user),
                    new Claim("token_use", "access"),
                    new Claim("client_id", o.DevAudience),
                    new Claim("username", user),
                ]),
                Expires = DateTime.UtcNow.Add(o.DevTokenLifetime),
                NotBefore = DateTime.UtcNow.AddSeconds(-5),
                SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
            });
            logs.CreateLogger("Hybrid.Gateway.Auth").LogInformation("Dev token issued for {User}", user);
            return Results.Ok(new DevTokenResponse(token, (int)o.DevTokenLifetime.TotalSeconds));
        }).AllowAnonymous().RequireRateLimiting(RateLimits.DevSignIn).WithBodyLimit(1024);

        app.MapGet("/.well-known/jwks.json", (DevSigningKey key) => Results.Json(new { keys = new[] { key.PublicJwk } }))
            .AllowAnonymous();
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserName();
}
