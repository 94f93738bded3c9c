using MessagePack;

namespace Hybrid.Protocol;

/// <summary>Arguments of <c>StartSession</c>. Every field is optional; pass <see cref="SessionId"/> to resume.</summary>
[MessagePackObject]
public sealed record StartSessionRequest
{
    /// <summary>An existing session to resume, or null for a new one.</summary>
    [Key("sessionId")] public string? SessionId { get; init; }

    /// <summary>BCP-47 language, default <c>en-US</c>.</summary>
    [Key("language")] public string? Language { get; init; }

    /// <summary>ASR model name; null lets the server choose.</summary>
    [Key("model")] public string? Model { get; init; }

    /// <summary>Send partial results (default true).</summary>
    [Key("interimResults")] public bool? InterimResults { get; init; }

    /// <summary>Automatic punctuation (default true).</summary>
    [Key("punctuation")] public bool? Punctuation { get; init; }

    /// <summary>Word start/end times (default true).</summary>
    [Key("wordTimeOffsets")] public bool? WordTimeOffsets { get; init; }

    /// <summary>Words or phrases to boost.</summary>
    [Key("hotwords")] public string[]? Hotwords { get; init; }

    /// <summary>Sample rate of the PCM frames; only 16000 is accepted.</summary>
    [Key("sampleRate")] public int? SampleRate { get; init; }

    /// <summary>
    /// When resuming: the last final <c>segmentId</c> the client has. The server first sends every
    /// stored final after it (so a final published just before a node was lost is not missed).
    /// </summary>
    [Key("lastSegmentId")] public int? LastSegmentId { get; init; }
}
