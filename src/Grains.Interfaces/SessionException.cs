using Hybrid.Protocol;

namespace Hybrid.Grains.Interfaces;

/// <summary>
/// A failure the caller can act on, with a stable <see cref="Code"/> from <see cref="ErrorCodes"/>.
/// Its message is safe to show to the end user (no addresses, no stack traces).
/// </summary>
[GenerateSerializer]
public sealed class SessionException : Exception
{
    public SessionException(string code, string message) : base(message) => Code = code;

    /// <summary>The stable machine-readable code.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>For refusals that may pass later: seconds to wait (0 = retry at once).</summary>
    [Id(1)] public int? RetryAfterSeconds { get; init; }
}
