using System.Text;
using Hybrid.Storage.Blobs;

namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// Runs one file-manager or memory operation: every refusal becomes a problem response with a
/// stable code and one structured log line for the operator; nothing of an exception reaches the client.
/// </summary>
internal static class ApiCalls
{
    public static async Task<IResult> RunAsync(HttpContext http, ILogger logger, string operation, Func<CancellationToken, Task<IResult>> action)
    {
        try
        {
            return await action(http.RequestAborted);
        }
        catch (ApiFailure failure)
        {
            return Refuse(http, logger, operation, failure.Status, failure.Code, failure.Detail);
        }
        catch (BlobStorageException ex)
        {
            var (status, code, detail) = ex.Error switch
            {
                BlobStorageError.NotFound => (StatusCodes.Status404NotFound, ApiCodes.NotFound, "the object does not exist"),
                BlobStorageError.Conflict => (StatusCodes.Status409Conflict, ApiCodes.Conflict, "the target collides with an existing file or folder"),
                BlobStorageError.InvalidRequest => (StatusCodes.Status400BadRequest, ApiCodes.InvalidArgument, "the request was refused by storage (e.g. a continuation token that is not valid)"),
                BlobStorageError.LengthMismatch => (StatusCodes.Status400BadRequest, ApiCodes.InvalidArgument, "the size does not match"),
                BlobStorageError.TooLarge => (StatusCodes.Status413PayloadTooLarge, ApiCodes.PayloadTooLarge, "the object is larger than allowed"),
                BlobStorageError.AccessDenied => (StatusCodes.Status500InternalServerError, ApiCodes.Internal, "storage refused the server's credentials"),
                _ => (StatusCodes.Status503ServiceUnavailable, ApiCodes.StorageUnavailable, "storage is unavailable; try again"),
            };
            if (status >= 500)
            {
                // The store's message names the operation and key (never credentials): for the operator only.
                logger.LogError(ex, "Files/memory {Operation} by {UserId} failed in storage with {Status} {Code}",
                    operation, Caller(http), status, code);
                return Problems.Create(status, code, detail);
            }

            return Refuse(http, logger, operation, status, code, detail);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel cut a streamed body off at the endpoint's limit, or the body ended early.
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Refuse(http, logger, operation, StatusCodes.Status413PayloadTooLarge, ApiCodes.PayloadTooLarge, "the body is larger than this endpoint accepts")
                : Refuse(http, logger, operation, StatusCodes.Status400BadRequest, ApiCodes.InvalidArgument, "the request body could not be read");
        }
    }

    private static IResult Refuse(HttpContext http, ILogger logger, string operation, int status, string code, string detail)
    {
        logger.LogInformation("Files/memory {Operation} by {UserId} refused with {Status} {Code}: {Detail}",
            operation, Caller(http), status, code, LogSafe(detail));
        return Problems.Create(status, code, detail);
    }

    private static string Caller(HttpContext http) =>
        http.User.FindFirst("sub")?.Value is { } sub ? LogSafe(sub) : "anonymous@" + http.Connection.RemoteIpAddress;

    /// <summary>Client text in a log line: single-line and bounded, so it cannot forge or flood lines.</summary>
    internal static string LogSafe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value.Length > 300 ? value[..300] + "…" : value;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
