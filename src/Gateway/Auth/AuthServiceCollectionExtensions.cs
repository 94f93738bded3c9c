using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Auth;

/// <summary>JWT bearer sign-in for REST and the hub: the dev issuer and Cognito share one validation path.</summary>
public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddHybridAuth(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var section = configuration.GetSection(AuthOptions.SectionName);
        services.Configure<AuthOptions>(section);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        DevSigningKey? devKey = options.IsDev ? new DevSigningKey(dataDirectory) : null;
        if (devKey is not null)
        {
            services.AddSingleton(devKey);
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
            };
            if (devKey is not null)
            {
                jwt.TokenValidationParameters.ValidIssuer = options.DevIssuer;
                jwt.TokenValidationParameters.ValidAudience = options.DevAudience;
                jwt.TokenValidationParameters.IssuerSigningKey = devKey.Key;
            }
            else
            {
                jwt.Authority = options.Authority;
                jwt.TokenValidationParameters.ValidIssuer = options.Authority;
                jwt.TokenValidationParameters.ValidAudience = options.ClientId;
            }

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
            };
        });
        services.AddAuthorization();
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        return services;
    }
}
