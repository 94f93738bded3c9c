using MessagePack;

namespace Hybrid.Protocol;

/// <summary>The <c>SessionStatus</c> event.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="State">One of <see cref="SessionStates"/>.</param>
/// <param name="Silo">The silo hosting the session.</param>
/// <param name="AsrEndpoint">A display name of the ASR endpoint (never an internal address).</param>
/// <param name="Detail">Optional human-readable detail.</param>
[MessagePackObject]
public sealed record SessionStatusMessage(
    [property: Key("sessionId")] string SessionId,
    [property: Key("state")] string State,
    [property: Key("silo")] string Silo,
    [property: Key("asrEndpoint")] string AsrEndpoint,
    [property: Key("detail")] string? Detail);
