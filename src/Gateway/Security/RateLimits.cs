using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Hybrid.Gateway.Security;

/// <summary>
/// Request rate limits: per signed-in user (or per IP when anonymous) on the API, strict per IP on
/// dev sign-in and the public memory endpoint. A refusal is a 429 problem with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    public const string Api = "api";
    public const string DevSignIn = "dev-sign-in";
    public const string PublicWrite = "public-write";

    public static IServiceCollection AddHybridRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Api, http => RateLimitPartition.GetTokenBucketLimiter(
                PartitionKey(http),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.ApiBurst,
                    TokensPerPeriod = options.ApiPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.AddPolicy(DevSignIn, http => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.DevSignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.AddPolicy(PublicWrite, http => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PublicWritesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited", $"too many requests; retry after {seconds} s")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static string PartitionKey(HttpContext http) =>
        http.User.FindFirst("sub")?.Value is { } user ? "user:" + user : "ip:" + http.Connection.RemoteIpAddress;
}
