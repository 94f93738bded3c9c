using Hybrid.Gateway.Hubs;
using Hybrid.Grains.Interfaces.Health;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class RecognizerCheckTests
{
    private static readonly LiveOptions Limits = new();

    private static readonly AsrModel[] Models =
    [
        new("pocketsphinx-en-us-streaming", "en-US", Streaming: true),
        new("pocketsphinx-en-us-offline", "en-US", Streaming: false),
        new("null", "en-US", Streaming: true),
    ];

    [Theory]
    [InlineData("fr-FR", null, "language 'fr-FR' is not supported; the recognizer offers en-US")]
    [InlineData("en-US", "pocketsphinx-en-us-offline", "not a streaming model")]
    [InlineData("en-US", "whisper", "model 'whisper' is not a streaming model")]
    [InlineData("en-US", "NULL", "model 'NULL'")]
    public void What_the_recognizer_does_not_offer_is_refused(string language, string? model, string mentions)
    {
        var options = StartRequestValidator.ToOptions(new StartSessionRequest { Language = language, Model = model }, Limits);
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.CheckAgainst(options, Models));
        Assert.StartsWith("invalid_argument: ", ex.Message);
        Assert.Contains(mentions, ex.Message);
    }

    [Theory]
    [InlineData("en-US", null)]
    [InlineData("en-us", "null")]
    [InlineData("EN-US", "pocketsphinx-en-us-streaming")]
    public void What_it_offers_passes(string language, string? model)
    {
        var options = StartRequestValidator.ToOptions(new StartSessionRequest { Language = language, Model = model }, Limits);
        StartRequestValidator.CheckAgainst(options, Models);
    }

    [Fact]
    public void Without_a_model_list_only_the_form_is_checked()
    {
        var options = StartRequestValidator.ToOptions(new StartSessionRequest { Language = "fr-FR", Model = "whisper" }, Limits);
        StartRequestValidator.CheckAgainst(options, null);
    }

    [Fact]
    public void A_model_for_another_language_is_refused()
    {
        AsrModel[] models = [.. Models, new AsrModel("de-model", "de-DE", true), new AsrModel("mixed", "en-US", true)];
        StartRequestValidator.CheckAgainst(StartRequestValidator.ToOptions(new StartSessionRequest { Language = "de-DE", Model = "de-model" }, Limits), models);

        var mismatch = StartRequestValidator.ToOptions(new StartSessionRequest { Language = "de-DE", Model = "mixed" }, Limits);
        var refused = Assert.Throws<HubException>(() => StartRequestValidator.CheckAgainst(mismatch, models));
        Assert.Equal("invalid_argument: model 'mixed' recognizes en-US, not de-DE", refused.Message);
    }
}
