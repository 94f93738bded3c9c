using Microsoft.AspNetCore.Http.Features;

namespace Hybrid.Gateway.Security;

/// <summary>
/// Applies <see cref="BodyLimit"/>: bodies announced larger are refused at once with 413, and
/// streamed bodies are cut off at the limit by the server (Kestrel then fails the read).
/// </summary>
public static class BodyLimits
{
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { } limit)
        {
            if (context.Request.ContentLength > limit.MaxBytes)
            {
                await Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                    $"the body may be at most {limit.MaxBytes} bytes").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit.MaxBytes;
            }
        }

        await next();
    });

    /// <summary>Limits the request body of an endpoint.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new BodyLimit(maxBytes));
}
