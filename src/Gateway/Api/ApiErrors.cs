using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Api;

/// <summary>Turns a grain's <see cref="SessionException"/> into a problem response with the right status.</summary>
public static class ApiErrors
{
    public static IResult ToProblem(SessionException ex) => Problems.Create(StatusFor(ex.Code), ex.Code, ex.Message);

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.NotFound or ErrorCodes.TranscriptNotReady => StatusCodes.Status404NotFound,
        ErrorCodes.InvalidArgument or ErrorCodes.SizeMismatch or ErrorCodes.ContentTypeMismatch or ErrorCodes.ChecksumMismatch
            => StatusCodes.Status400BadRequest,
        ErrorCodes.SessionFinalized or ErrorCodes.Conflict or ErrorCodes.UploadMissing => StatusCodes.Status409Conflict,
        ErrorCodes.QuotaExceeded or ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.CapacityExhausted or ErrorCodes.AsrUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Runs a grain call, mapping its coded failures to problems.</summary>
    public static async Task<IResult> Run<T>(Func<Task<T>> call, Func<T, IResult> ok)
    {
        try
        {
            return ok(await call());
        }
        catch (SessionException ex)
        {
            return ToProblem(ex);
        }
    }
}
