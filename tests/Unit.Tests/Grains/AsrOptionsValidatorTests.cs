using Hybrid.Grains.Asr;

namespace Hybrid.Unit.Tests.Grains;

public sealed class AsrOptionsValidatorTests
{
    private static readonly AsrOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_valid_and_ride_out_two_minutes_with_no_attempt_limit()
    {
        var options = new AsrOptions();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(120), options.MaxOutage);
        Assert.Equal(0, options.ReconnectAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconnectBackoffCap);
    }

    [Theory]
    [InlineData("00:00:00", "00:00:00.200", "00:00:05", 0, "MaxOutage")]
    [InlineData("02:00:00", "00:00:00.200", "00:00:05", 0, "MaxOutage")]
    [InlineData("00:02:00", "00:00:00", "00:00:05", 0, "ReconnectBackoff")]
    [InlineData("00:02:00", "00:00:02", "00:00:01", 0, "ReconnectBackoffCap")]
    [InlineData("00:02:00", "00:00:00.200", "00:00:05", -1, "ReconnectAttempts")]
    public void Refuses_settings_that_cannot_work(string maxOutage, string backoff, string cap, int attempts, string named)
    {
        var options = new AsrOptions
        {
            MaxOutage = TimeSpan.Parse(maxOutage, System.Globalization.CultureInfo.InvariantCulture),
            ReconnectBackoff = TimeSpan.Parse(backoff, System.Globalization.CultureInfo.InvariantCulture),
            ReconnectBackoffCap = TimeSpan.Parse(cap, System.Globalization.CultureInfo.InvariantCulture),
            ReconnectAttempts = attempts,
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Asr:{named} ", result.FailureMessage, StringComparison.Ordinal);
    }
}
