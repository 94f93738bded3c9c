namespace Hybrid.Gateway.Api.Audio;

/// <summary>Body of <c>POST /api/audio/sessions</c>; pass <see cref="SessionId"/> to add storage to a live session.</summary>
public sealed record CreateSessionBody(string? SessionId, string? Codec, int? SampleRate, int? ChunkSeconds);
