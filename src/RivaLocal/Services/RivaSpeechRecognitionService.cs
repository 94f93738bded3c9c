using Grpc.Core;
using Hybrid.RivaLocal.Engines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// <c>nvidia.riva.asr.RivaSpeechRecognition</c>, wire-compatible with NVIDIA Riva ASR.
/// </summary>
internal sealed class RivaSpeechRecognitionService(
    ModelCatalog catalog,
    OfflineRecognition offline,
    IHostApplicationLifetime lifetime) : RivaSpeechRecognition.RivaSpeechRecognitionBase
{
    public override async Task StreamingRecognize(
        IAsyncStreamReader<StreamingRecognizeRequest> requestStream,
        IServerStreamWriter<StreamingRecognizeResponse> responseStream,
        ServerCallContext context)
    {
        // Shutdown ends open streams promptly instead of waiting for clients to half-close.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var session = context.GetHttpContext().RequestServices.GetRequiredService<StreamingRecognitionSession>();
        await session.RunAsync(requestStream, responseStream, context, cancellation.Token).ConfigureAwait(false);
    }

    public override async Task<RecognizeResponse> Recognize(RecognizeRequest request, ServerCallContext context)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        return await offline.RecognizeAsync(request, context, cancellation.Token).ConfigureAwait(false);
    }

    public override Task<RivaSpeechRecognitionConfigResponse> GetRivaSpeechRecognitionConfig(
        RivaSpeechRecognitionConfigRequest request, ServerCallContext context)
    {
        var response = new RivaSpeechRecognitionConfigResponse();
        foreach (var model in catalog.Available)
        {
            if (request.ModelName.Length > 0 && !string.Equals(request.ModelName, model.Name, StringComparison.Ordinal))
            {
                continue;
            }

            var config = new RivaSpeechRecognitionConfigResponse.Types.Config { ModelName = model.Name };
            foreach (var (key, value) in model.Parameters)
            {
                config.Parameters[key] = value;
            }

            response.ModelConfig.Add(config);
        }

        return Task.FromResult(response);
    }
}
