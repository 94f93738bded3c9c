using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Auth;

/// <summary>
/// JWT bearer sign-in for REST and the hub. Cognito and the dev issuer go through the same JwtBearer
/// handler and the same checks (RS256 only, issuer, lifetime with 30 s skew, <c>token_use</c>, and the
/// app client in <c>client_id</c> or <c>aud</c>); only the source of the signing keys differs.
/// </summary>
public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddHybridAuth(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var section = configuration.GetSection(AuthOptions.SectionName);
        services.Configure<AuthOptions>(section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        var devKey = options.IsDev ? new DevSigningKey(dataDirectory) : null;
        if (devKey is not null)
        {
            services.AddSingleton(devKey);
        }
        else if (string.IsNullOrWhiteSpace(options.Authority) || string.IsNullOrWhiteSpace(options.ClientId))
        {
            throw new InvalidOperationException("Auth:Mode=Cognito needs Auth:Authority and Auth:ClientId");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidateIssuer = true,
                ValidateAudience = false, // Cognito access tokens carry client_id, not aud: checked below.
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
            };
            if (devKey is not null)
            {
                jwt.TokenValidationParameters.ValidIssuer = options.DevIssuer;
                jwt.TokenValidationParameters.IssuerSigningKey = devKey.Key;
            }
            else
            {
                // Keys come from the pool's JWKS; an unknown kid triggers a refresh (key rotation).
                jwt.Authority = options.Authority;
                jwt.TokenValidationParameters.ValidIssuer = options.Authority!.TrimEnd('/');
                jwt.RequireHttpsMetadata = !IsLoopback(options.Authority);
                jwt.RefreshInterval = options.JwksRefreshInterval;
            }

            var expectedClient = devKey is not null ? options.DevAudience : options.ClientId!;
            jwt.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets/SSE: the hub takes the token from the query.
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubNames.Route))
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = context =>
                {
                    var problem = TokenClaimsPolicy.Check(context.Principal!, options.TokenUse, expectedClient);
                    if (problem is not null)
                    {
                        context.Fail(problem);
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        return services;
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
