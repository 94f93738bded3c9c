namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// A request refused with a known status and stable <c>code</c>; thrown inside a file-manager or
/// memory operation and turned into a problem response (and a log line) by <see cref="ApiCalls"/>.
/// </summary>
internal sealed class ApiFailure(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string Detail { get; } = detail;

    public static ApiFailure InvalidPath(string detail) => new(StatusCodes.Status400BadRequest, ApiCodes.InvalidPath, detail);

    public static ApiFailure InvalidArgument(string detail) => new(StatusCodes.Status400BadRequest, ApiCodes.InvalidArgument, detail);

    public static ApiFailure InvalidJson(string detail) => new(StatusCodes.Status400BadRequest, ApiCodes.InvalidJson, detail);

    public static ApiFailure NotFound(string detail) => new(StatusCodes.Status404NotFound, ApiCodes.NotFound, detail);

    public static ApiFailure Conflict(string detail) => new(StatusCodes.Status409Conflict, ApiCodes.Conflict, detail);

    public static ApiFailure TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, ApiCodes.PayloadTooLarge, detail);
}

/// <summary>The stable error codes of the file-manager and memory routes (see docs/api.md).</summary>
internal static class ApiCodes
{
    public const string InvalidPath = "invalid_path";
    public const string InvalidArgument = "invalid_argument";
    public const string InvalidJson = "invalid_json";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string StorageUnavailable = "storage_unavailable";
    public const string Internal = "internal";
}
