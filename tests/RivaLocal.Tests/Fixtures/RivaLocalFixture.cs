using Grpc.Health.V1;
using Grpc.Net.Client;
using Hybrid.RivaLocal.Hosting;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>A RivaLocal server on an ephemeral port plus a gRPC channel to it.</summary>
public class RivaLocalFixture : IAsyncLifetime
{
    private GrpcChannel? _channel;
    private RivaLocalHost? _host;

    public RivaLocalHost Host => _host ?? throw new InvalidOperationException("the fixture is not initialised");

    public RivaSpeechRecognition.RivaSpeechRecognitionClient Client { get; private set; } = null!;

    public Health.HealthClient Health { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new RivaLocalOptions { Port = 0, Capacity = 4, MaxOfflineConcurrency = 2 };
        Configure(options);
        _host = await RivaLocalHost.StartAsync(options);
        _channel = GrpcChannel.ForAddress(_host.Endpoint);
        Client = new RivaSpeechRecognition.RivaSpeechRecognitionClient(_channel);
        Health = new Health.HealthClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Lets derived fixtures change the server settings before start.</summary>
    protected virtual void Configure(RivaLocalOptions options)
    {
    }
}
