using Grpc.Core;
using Grpc.Health.V1;
using Hybrid.RivaLocal.Tests.Fixtures;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Health checks and the model list clients use to probe a Riva server.</summary>
[Collection(RivaLocalCollection.Name)]
public sealed class DiscoveryTests(RivaLocalFixture server)
{
    [Theory]
    [InlineData("")]
    [InlineData("nvidia.riva.asr.RivaSpeechRecognition")]
    public async Task Health_check_reports_serving(string service)
    {
        var response = await server.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Health_check_of_an_unknown_service_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await server.Health.CheckAsync(new HealthCheckRequest { Service = "nvidia.riva.tts.RivaSpeechSynthesis" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Health_watch_sends_the_current_status()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = server.Health.Watch(new HealthCheckRequest(), cancellationToken: cancel.Token);

        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Config_lists_the_online_offline_and_null_models()
    {
        var response = await server.Client.GetRivaSpeechRecognitionConfigAsync(new RivaSpeechRecognitionConfigRequest());

        var models = response.ModelConfig.ToDictionary(config => config.ModelName, config => config.Parameters);
        Assert.Equal(["null", "pocketsphinx-en-us-offline", "pocketsphinx-en-us-streaming"], models.Keys.Order());
        Assert.Equal("online", models["pocketsphinx-en-us-streaming"]["type"]);
        Assert.Equal("offline", models["pocketsphinx-en-us-offline"]["type"]);
        Assert.Equal("online", models["null"]["type"]);
        Assert.All(models.Values, parameters =>
        {
            Assert.Equal("en-US", parameters["language_code"]);
            Assert.Equal("16000", parameters["sample_rate_hz"]);
        });
        Assert.Equal("pocketsphinx", models["pocketsphinx-en-us-streaming"]["engine"]);
    }

    [Fact]
    public async Task Config_can_be_filtered_by_model_name()
    {
        var response = await server.Client.GetRivaSpeechRecognitionConfigAsync(
            new RivaSpeechRecognitionConfigRequest { ModelName = "pocketsphinx-en-us-offline" });

        var model = Assert.Single(response.ModelConfig);
        Assert.Equal("pocketsphinx-en-us-offline", model.ModelName);
    }
}
