using Grpc.Core;
using Hybrid.RivaLocal.Audio;
using Hybrid.RivaLocal.PocketSphinx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// Turns anything a handler throws into the status a Riva client expects. Unexpected exceptions are
/// logged here and reach the client only as a generic INTERNAL (no stack traces on the wire).
/// </summary>
internal sealed partial class RpcErrorMapper(IHostApplicationLifetime lifetime, ILogger<RpcErrorMapper> logger)
{
    public RpcException Map(Exception exception, ServerCallContext context, string method) => exception switch
    {
        RpcException rpc => rpc,
        AudioFormatException audio => new RpcException(new Status(StatusCode.InvalidArgument, audio.Message)),
        DecoderPoolExhaustedException busy => new RpcException(new Status(StatusCode.ResourceExhausted, busy.Message)),
        EngineUnavailableException engine => new RpcException(new Status(StatusCode.Unavailable, engine.Message)),
        // A client reset surfaces as cancellation or as an IOException from the request body.
        OperationCanceledException or IOException when context.CancellationToken.IsCancellationRequested =>
            new RpcException(new Status(StatusCode.Cancelled, "the client cancelled the call")),
        OperationCanceledException when lifetime.ApplicationStopping.IsCancellationRequested =>
            new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down")),
        _ => Unexpected(exception, method),
    };

    private RpcException Unexpected(Exception exception, string method)
    {
        LogUnexpected(exception, method);
        return new RpcException(new Status(StatusCode.Internal, "internal error in the RivaLocal server; see its log"));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private partial void LogUnexpected(Exception exception, string method);
}
