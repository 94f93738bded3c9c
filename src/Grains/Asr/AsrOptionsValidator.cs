using Microsoft.Extensions.Options;

namespace Hybrid.Grains.Asr;

/// <summary>Checks the recognizer outage and reconnect settings of <see cref="AsrOptions"/> at start-up.</summary>
public sealed class AsrOptionsValidator : IValidateOptions<AsrOptions>
{
    /// <summary>
    /// The longest outage allowed: the buffered audio of every session in an outage lives in the
    /// silo's memory (32 KB per second of audio), so an hour is already about 115 MB per session.
    /// </summary>
    public static readonly TimeSpan MaxOutageLimit = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AsrOptions options)
    {
        var failures = new List<string>();
        if (options.MaxOutage <= TimeSpan.Zero || options.MaxOutage > MaxOutageLimit)
        {
            failures.Add($"Asr:MaxOutage must be more than 0 and at most {MaxOutageLimit} (it was {options.MaxOutage})");
        }

        if (options.ReconnectBackoff <= TimeSpan.Zero)
        {
            failures.Add($"Asr:ReconnectBackoff must be more than 0 (it was {options.ReconnectBackoff})");
        }

        if (options.ReconnectBackoffCap < options.ReconnectBackoff)
        {
            failures.Add($"Asr:ReconnectBackoffCap must be at least Asr:ReconnectBackoff (it was {options.ReconnectBackoffCap})");
        }

        if (options.ReconnectAttempts < 0)
        {
            failures.Add($"Asr:ReconnectAttempts must be 0 (no limit) or more (it was {options.ReconnectAttempts})");
        }

        if (options.ReplayWindow <= TimeSpan.Zero)
        {
            failures.Add($"Asr:ReplayWindow must be more than 0 (it was {options.ReplayWindow})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
