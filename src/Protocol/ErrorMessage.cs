using MessagePack;

namespace Hybrid.Protocol;

/// <summary>The <c>Error</c> event: a stable machine-readable <see cref="Code"/> and a message for people.</summary>
[MessagePackObject]
public sealed record ErrorMessage(
    [property: Key("sessionId")] string? SessionId,
    [property: Key("code")] string Code,
    [property: Key("message")] string Message);
