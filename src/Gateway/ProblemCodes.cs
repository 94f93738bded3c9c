using Microsoft.AspNetCore.Http;

namespace Hybrid.Gateway;

/// <summary>
/// Gives every problem response a stable <c>code</c> and <c>type</c>, also those produced by the
/// framework (bad JSON, 401, 404, 405, unhandled exceptions), and keeps exception details out.
/// </summary>
public static class ProblemCodes
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            var code = problem.Status switch
            {
                StatusCodes.Status400BadRequest => "invalid_argument",
                StatusCodes.Status401Unauthorized => "unauthorized",
                StatusCodes.Status403Forbidden => "forbidden",
                StatusCodes.Status404NotFound => "not_found",
                StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                StatusCodes.Status413PayloadTooLarge => "payload_too_large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                StatusCodes.Status429TooManyRequests => "rate_limited",
                _ => "internal",
            };
            problem.Extensions["code"] = code;
            problem.Type = $"urn:hybrid:error:{code}";
            problem.Title ??= code;
        }

        // Never echo exception text or stack traces.
        problem.Extensions.Remove("exception");
        if (problem.Status >= 500)
        {
            problem.Detail = "an unexpected error occurred; it was logged on the server";
        }
    }
}
