using Grpc.Core;
using Hybrid.Grains.Asr;
using Hybrid.RivaLocal.Hosting;
using Hybrid.TestSupport.Faults;
using Microsoft.Extensions.Options;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>The fault proxy itself, between the silo's real gRPC client and a real RivaLocal.</summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private RivaLocalHost _riva = null!;
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _riva = await RivaLocalHost.StartAsync(new RivaLocalOptions { Port = 0, Capacity = 2 });
        _proxy = FaultProxy.Start(_riva.Endpoint.Port);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _riva.DisposeAsync();
    }

    [Fact]
    public async Task Forwards_real_grpc_and_refuses_new_connections_until_told_to_accept()
    {
        using (var client = NewClient())
        {
            Assert.True(await client.IsServingAsync(CancellationToken.None));
        }

        _proxy.Refuse();
        using (var client = NewClient())
        {
            Assert.False(await client.IsServingAsync(CancellationToken.None));
        }

        Assert.True(_proxy.RefusedConnections > 0);
        _proxy.Accept();
        using (var client = NewClient())
        {
            await ServingAsync(client);
        }
    }

    [Fact]
    public async Task Reset_breaks_a_live_recognition_stream_with_a_retryable_status()
    {
        using var client = NewClient();
        using var stream = await client.OpenStreamAsync(Config(), CancellationToken.None);
        await stream.WriteAsync(new byte[3_200], CancellationToken.None);
        Assert.True(_proxy.LiveConnections > 0);

        _proxy.ResetAll();

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in stream.ReadAllAsync())
            {
            }
        });
        Assert.True(RivaErrors.IsRetryable(ex), $"{ex.StatusCode} is not retryable");
    }

    [Fact]
    public async Task A_stall_holds_the_bytes_and_the_connection_until_resumed()
    {
        using var client = NewClient();
        Assert.True(await client.IsServingAsync(CancellationToken.None));
        var connections = _proxy.LiveConnections;

        _proxy.Stall();
        Assert.False(await client.IsServingAsync(CancellationToken.None)); // its deadline passes: nothing comes back
        Assert.Equal(connections, _proxy.LiveConnections);

        _proxy.Resume();
        await ServingAsync(client);
    }

    [Fact]
    public async Task A_delay_slows_the_bytes_but_forwards_them_all()
    {
        _proxy.Delay = TimeSpan.FromMilliseconds(50);
        using var client = NewClient();

        await ServingAsync(client);
    }

    private RivaClient NewClient() => new(Options.Create(new AsrOptions
    {
        Endpoint = _proxy.Endpoint.ToString(),
        ReconnectBackoff = TimeSpan.FromMilliseconds(100),
        ReconnectBackoffCap = TimeSpan.FromMilliseconds(500),
    }));

    private static async Task ServingAsync(RivaClient client)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!await client.IsServingAsync(cts.Token))
        {
            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"not serving through the proxy within {Patience}");
            }
        }
    }

    private static StreamingRecognitionConfig Config() => new()
    {
        Config = new RecognitionConfig
        {
            Encoding = AudioEncoding.LinearPcm,
            SampleRateHertz = 16_000,
            LanguageCode = "en-US",
            AudioChannelCount = 1,
        },
        InterimResults = true,
    };
}
