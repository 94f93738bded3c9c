using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Asr;

/// <summary>
/// The silo's connection to its ASR server: one HTTP/2 channel shared by every stream, plus health
/// checks. Works the same against RivaLocal and a real Riva / Riva ASR NIM.
/// </summary>
public sealed class RivaClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly RivaSpeechRecognition.RivaSpeechRecognitionClient _asr;
    private readonly Grpc.Health.V1.Health.HealthClient _health;
    private readonly AsrOptions _options;

    public RivaClient(IOptions<AsrOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        _channel = GrpcChannel.ForAddress(_options.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            // After an outage the channel reconnects with its own back-off (default cap: 2 minutes, during
            // which every call fails at once); keep it as short as the sessions' own reconnect back-off.
            InitialReconnectBackoff = _options.ReconnectBackoff,
            MaxReconnectBackoff = _options.ReconnectBackoffCap,
        });
        _asr = new RivaSpeechRecognition.RivaSpeechRecognitionClient(_channel);
        _health = new Grpc.Health.V1.Health.HealthClient(_channel);
    }

    /// <summary>Opens a <c>StreamingRecognize</c> call and sends its config message.</summary>
    public async Task<RivaStream> OpenStreamAsync(StreamingRecognitionConfig config, CancellationToken cancellationToken)
    {
        var call = _asr.StreamingRecognize(cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { StreamingConfig = config }, cancellationToken);
        }
        catch (RpcException)
        {
            // The server may refuse at once (capacity, bad config); its status is on the response side.
            call.Dispose();
            throw;
        }

        return new RivaStream(call);
    }

    /// <summary>True when the server reports SERVING for the ASR service.</summary>
    public async Task<bool> IsServingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reply = await _health.CheckAsync(
                new HealthCheckRequest { Service = string.Empty },
                deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(3)),
                cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>The models the server offers (<c>GetRivaSpeechRecognitionConfig</c>).</summary>
    public async Task<RivaSpeechRecognitionConfigResponse> GetConfigAsync(CancellationToken cancellationToken) =>
        await _asr.GetRivaSpeechRecognitionConfigAsync(new RivaSpeechRecognitionConfigRequest(),
            deadline: DateTime.UtcNow.Add(TimeSpan.FromSeconds(5)), cancellationToken: cancellationToken);

    /// <summary>Offline recognition of a whole buffer (second pass and tools).</summary>
    public async Task<RecognizeResponse> RecognizeAsync(RecognizeRequest request, CancellationToken cancellationToken) =>
        await _asr.RecognizeAsync(request, deadline: DateTime.UtcNow.Add(_options.CallTimeout), cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();
}
