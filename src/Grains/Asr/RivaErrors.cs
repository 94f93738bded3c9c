using Grpc.Core;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;

namespace Hybrid.Grains.Asr;

/// <summary>Maps gRPC failures of the ASR server to stable session error codes.</summary>
public static class RivaErrors
{
    /// <summary>Statuses after which reopening the stream may succeed (as Riva's own resilient client does).</summary>
    public static bool IsRetryable(RpcException ex) => ex.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or
        StatusCode.Aborted or StatusCode.Unknown or StatusCode.ResourceExhausted or
        // We never cancel a live call ourselves without ending the session, so this came from the server side.
        StatusCode.Cancelled;

    /// <summary>
    /// A user-safe exception. The server's detail is kept for invalid arguments (it names the field);
    /// for everything else it may carry internal addresses, so only the status is shown.
    /// </summary>
    public static SessionException ToSessionException(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.ResourceExhausted => new SessionException(ErrorCodes.CapacityExhausted, "the speech recognizer has no free stream; retry after 5 s"),
        StatusCode.InvalidArgument => new SessionException(ErrorCodes.InvalidArgument, $"the speech recognizer refused the request: {ex.Status.Detail}"),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => new SessionException(ErrorCodes.AsrUnavailable, "the speech recognizer is unavailable"),
        _ => new SessionException(ErrorCodes.AsrUnavailable, $"the speech recognizer failed ({ex.StatusCode})"),
    };
}
