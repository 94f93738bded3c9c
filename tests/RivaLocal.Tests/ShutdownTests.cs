using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Hybrid.RivaLocal.Hosting;
using Hybrid.RivaLocal.Tests.Support;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Stopping a host with open streams (the silo restarts its recognizer this way).</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Disposing_the_host_ends_open_streams_with_unavailable_and_frees_the_port()
    {
        var options = new RivaLocalOptions { Port = 0, Capacity = 2, MaxOfflineConcurrency = 1 };
        var host = await RivaLocalHost.StartAsync(options);
        var port = host.Endpoint.Port;
        RpcException error;
        using (var channel = GrpcChannel.ForAddress(host.Endpoint))
        {
            var client = new RivaSpeechRecognition.RivaSpeechRecognitionClient(channel);
            using var call = client.StreamingRecognize();
            await call.RequestStream.WriteAsync(StreamingCall.ConfigRequest(StreamingCall.Config(interimResults: true, model: "null")));
            await call.RequestStream.WriteAsync(StreamingCall.Audio(new byte[StreamingCall.ChunkBytes]));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            // Like a real Riva client, keep reading while the server goes away.
            var reading = StreamingCall.ReadAllAsync(call.ResponseStream, CancellationToken.None);

            var clock = Stopwatch.StartNew();
            await host.DisposeAsync();
            Assert.True(clock.Elapsed < options.ShutdownTimeout, $"disposing took {clock.Elapsed}: the open stream was not ended promptly");

            error = await Assert.ThrowsAsync<RpcException>(() => reading);
        }

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("the server is shutting down", error.Status.Detail);

        // The same port can be bound again straight away.
        await using var restarted = await RivaLocalHost.StartAsync(new RivaLocalOptions { Port = port, Capacity = 1, MaxOfflineConcurrency = 1 });
        using var restartedChannel = GrpcChannel.ForAddress(restarted.Endpoint);
        var responses = await StreamingCall.RunAsync(
            new RivaSpeechRecognition.RivaSpeechRecognitionClient(restartedChannel), StreamingCall.Config(model: "null"), new byte[32000]);
        Assert.Equal(port, restarted.Endpoint.Port);
        Assert.Equal("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9", responses.FinalTranscript());
    }

    [Fact]
    public async Task Invalid_options_fail_start_up_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => RivaLocalHost.StartAsync(new RivaLocalOptions { Port = 0, Capacity = 0 }));

        Assert.Contains("Capacity", error.Message, StringComparison.Ordinal);
    }
}
