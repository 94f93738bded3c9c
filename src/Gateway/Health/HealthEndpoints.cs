using Hybrid.Grains.Interfaces.Health;

namespace Hybrid.Gateway.Health;

/// <summary><c>/healthz</c> and <c>/readyz</c>: 200 once a session can be taken, 503 otherwise.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHybridHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).AllowAnonymous();
        app.MapGet("/readyz", CheckAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CheckAsync(IClusterClient cluster, CancellationToken cancellationToken)
    {
        try
        {
            var health = await cluster.GetGrain<IAsrHealthGrain>(0).Check().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            var ok = health.Serving && health.Capacity > 0;
            var body = new { status = ok ? "ok" : "unavailable", asr = new { health.Serving, health.Capacity, health.InUse } };
            return ok ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return Results.Json(new { status = "unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
