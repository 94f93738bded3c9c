using Hybrid.Gateway.Hubs;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class StartRequestValidatorTests
{
    private static readonly LiveOptions Limits = new() { MaxHotwords = 3 };

    [Fact]
    public void Defaults_follow_the_contract()
    {
        var options = StartRequestValidator.ToOptions(new StartSessionRequest(), Limits);

        Assert.Equal("en-US", options.Language);
        Assert.True(options.InterimResults);
        Assert.True(options.Punctuation);
        Assert.True(options.WordTimeOffsets);
        Assert.Equal(16000, options.SampleRate);
        Assert.Null(options.Model);
        Assert.Empty(options.Hotwords);
    }

    [Theory]
    [InlineData(48000, null, null)]
    [InlineData(null, "english please", null)]
    [InlineData(null, null, "../../etc/passwd")]
    public void Bad_input_is_invalid_argument(int? rate, string? language, string? model)
    {
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(
            new StartSessionRequest { SampleRate = rate, Language = language, Model = model }, Limits));
        Assert.StartsWith("invalid_argument: ", ex.Message);
    }

    [Fact]
    public void Too_many_hotwords_are_refused()
    {
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(
            new StartSessionRequest { Hotwords = ["a", "b", "c", "d"] }, Limits));
        Assert.Contains("at most 3 hotwords", ex.Message);
    }

    private static readonly string?[][] BadHotwords = [[null], ["ok", null], [""], ["  "], ["tab\there"]];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Null_blank_or_control_hotwords_are_refused(int row)
    {
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(new StartSessionRequest { Hotwords = BadHotwords[row]! }, Limits));
        Assert.StartsWith("invalid_argument: hotwords[", ex.Message);
    }

    [Fact]
    public void Long_hotwords_are_refused_and_good_ones_are_trimmed()
    {
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(new StartSessionRequest { Hotwords = [new string('h', 101)] }, Limits));
        Assert.StartsWith("invalid_argument: ", ex.Message);
        Assert.Equal(["one", "two words"], StartRequestValidator.ToOptions(new StartSessionRequest { Hotwords = [" one ", "two words"] }, Limits).Hotwords);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("../../../etc")]
    public void A_bad_session_id_is_refused_before_anything_else(string id)
    {
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(new StartSessionRequest { SessionId = id }, Limits));
        Assert.StartsWith("invalid_argument: sessionId", ex.Message);
    }

    [Fact]
    public void An_empty_model_means_the_default_and_a_negative_last_segment_is_refused()
    {
        Assert.Null(StartRequestValidator.ToOptions(new StartSessionRequest { Model = "" }, Limits).Model);
        var ex = Assert.Throws<HubException>(() => StartRequestValidator.ToOptions(new StartSessionRequest { LastSegmentId = -1 }, Limits));
        Assert.StartsWith("invalid_argument: lastSegmentId", ex.Message);
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("session-2026_11", true)]
    [InlineData("short", false)]
    [InlineData("../../../etc", false)]
    [InlineData("a/b/c/d/e/f/g/h", false)]
    [InlineData(null, false)]
    public void Session_ids_are_safe_for_object_keys(string? id, bool valid) =>
        Assert.Equal(valid, StartRequestValidator.IsValidSessionId(id));
}
