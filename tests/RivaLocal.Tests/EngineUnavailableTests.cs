using Grpc.Core;
using Grpc.Health.V1;
using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Without PocketSphinx models the server still starts, says NOT_SERVING, and serves the null model.</summary>
public sealed class EngineUnavailableTests(NoEngineFixture server) : IClassFixture<NoEngineFixture>
{
    [Fact]
    public async Task Health_is_not_serving_and_the_reason_is_reported()
    {
        var response = await server.Health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
        Assert.False(server.Host.EngineAvailable);
        Assert.Contains("does not exist", server.Host.EngineUnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PocketSphinx_models_are_unavailable_but_the_null_model_works()
    {
        var models = await server.Client.GetRivaSpeechRecognitionConfigAsync(new RivaSpeechRecognitionConfigRequest());
        Assert.Equal(["null"], models.ModelConfig.Select(config => config.ModelName));

        var error = await StreamingCall.ExpectFailureAsync(
            server.Client, StreamingCall.ConfigRequest(StreamingCall.Config()), StreamingCall.Audio(new byte[3200]));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("unavailable", error.Status.Detail, StringComparison.Ordinal);

        var responses = await StreamingCall.RunAsync(server.Client, StreamingCall.Config(model: "null"), new byte[32000]);
        Assert.Equal("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9", responses.FinalTranscript());
    }
}
