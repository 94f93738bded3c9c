using Grpc.Core;
using Grpc.Health.V1;
using Hybrid.RivaLocal.PocketSphinx;
using Microsoft.Extensions.Hosting;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// Standard <c>grpc.health.v1.Health</c>: SERVING for the server ("") and the ASR service once
/// PocketSphinx loaded, NOT_SERVING when it did not; unknown services get NOT_FOUND.
/// </summary>
internal sealed class HealthService(PocketSphinxEngine engine, IHostApplicationLifetime lifetime) : Health.HealthBase
{
    private const string AsrServiceName = "nvidia.riva.asr.RivaSpeechRecognition";

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!IsKnown(request.Service))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"unknown service '{request.Service}'"));
        }

        return Task.FromResult(new HealthCheckResponse { Status = CurrentStatus() });
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        // The status is fixed after start-up, so one message followed by waiting is a complete Watch.
        var status = IsKnown(request.Service) ? CurrentStatus() : HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
        await responseStream.WriteAsync(new HealthCheckResponse { Status = status }).ConfigureAwait(false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Client went away or the server stops: the watch simply ends.
        }
    }

    private static bool IsKnown(string service) => service.Length == 0 || service == AsrServiceName;

    private HealthCheckResponse.Types.ServingStatus CurrentStatus() => engine.IsAvailable
        ? HealthCheckResponse.Types.ServingStatus.Serving
        : HealthCheckResponse.Types.ServingStatus.NotServing;
}
