using Hybrid.TestSupport;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>
/// A stand-in for a Cognito user pool on loopback: OpenID discovery and a JWKS over real HTTP, and a
/// signer for good and deliberately bad tokens. Keys can be rotated while the gateway runs.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "test-app-client";
    private readonly List<RsaSecurityKey> _published = [];
    private WebApplication? _app;

    public string Authority { get; private set; } = null!;

    public RsaSecurityKey CurrentKey { get; private set; } = NewKey();

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        issuer._published.Add(issuer.CurrentKey);
        var port = FreePort.Next();
        issuer.Authority = $"http://127.0.0.1:{port}/us-test-1_pool";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/us-test-1_pool/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = issuer.Authority + "/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/us-test-1_pool/.well-known/jwks.json", () =>
        {
            lock (issuer._published)
            {
                return Results.Json(new { keys = issuer._published.Select(Jwk).ToArray() });
            }
        });
        await app.StartAsync();
        issuer._app = app;
        return issuer;
    }

    /// <summary>Publishes a new key and signs with it from now on (the old key stays published).</summary>
    public RsaSecurityKey RotateKey()
    {
        var key = NewKey();
        lock (_published)
        {
            _published.Add(key);
        }

        CurrentKey = key;
        return key;
    }

    /// <summary>A Cognito-style access token; every part can be overridden to make it bad.</summary>
    public string Token(
        string sub,
        TimeSpan? lifetime = null,
        DateTime? notBefore = null,
        string? issuer = null,
        string clientId = ClientId,
        string tokenUse = "access",
        SigningCredentials? credentials = null)
    {
        var now = DateTime.UtcNow;
        var expires = now.Add(lifetime ?? TimeSpan.FromMinutes(10));
        var nbf = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Subject = new ClaimsIdentity([new Claim("sub", sub), new Claim("token_use", tokenUse), new Claim("client_id", clientId)]),
            IssuedAt = nbf < expires ? nbf : expires.AddMinutes(-1),
            NotBefore = nbf < expires ? nbf : expires.AddMinutes(-1),
            Expires = expires,
            SigningCredentials = credentials ?? new SigningCredentials(CurrentKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] };

    private static JsonWebKey Jwk(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        return jwk;
    }
}
