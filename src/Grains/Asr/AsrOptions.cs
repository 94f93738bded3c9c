namespace Hybrid.Grains.Asr;

/// <summary>How this silo reaches its ASR server (configuration section <c>Asr</c>).</summary>
public sealed class AsrOptions
{
    public const string SectionName = "Asr";

    /// <summary>gRPC address of the Riva (or RivaLocal) server beside this silo.</summary>
    public string Endpoint { get; set; } = "http://127.0.0.1:50051";

    /// <summary>Concurrent live streams this silo may open on its ASR server.</summary>
    public int Capacity { get; set; } = 8;

    /// <summary>Model used when a session names none; empty lets the server choose.</summary>
    public string? Model { get; set; }

    /// <summary>Name shown to clients in <c>SessionStatus.asrEndpoint</c>; never the internal address.</summary>
    public string DisplayName { get; set; } = "riva";

    /// <summary>Time allowed to open a connection to the ASR server.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for unary calls (health, config, offline recognition).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>StopSession</c> waits for the last finals after the audio ends.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A streaming session that receives no audio for this long is stopped.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts to reopen a broken ASR stream before the session fails.</summary>
    public int ReconnectAttempts { get; set; } = 4;

    /// <summary>First back-off delay when reopening a broken stream; doubles per attempt.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Audio not yet covered by a final is kept this long for replay after a reconnect.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Word boost sent with hotwords (Riva speech_contexts boost).</summary>
    public float HotwordBoost { get; set; } = 10f;
}
