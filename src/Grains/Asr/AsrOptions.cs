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

    /// <summary>
    /// Upper limit on attempts to reopen a broken ASR stream within one outage; 0 (the default) means
    /// no limit: the session keeps trying for as long as <see cref="MaxOutage"/> allows.
    /// </summary>
    public int ReconnectAttempts { get; set; }

    /// <summary>First back-off delay when reopening a broken stream; doubles per attempt up to <see cref="ReconnectBackoffCap"/>.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest back-off delay between reopen attempts (each delay is jittered below it).</summary>
    public TimeSpan ReconnectBackoffCap { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest recognizer outage a session rides out. Meanwhile it stays <c>reconnecting</c>, keeps
    /// accepting audio and buffers it (at most this much) for replay; past it the session fails with
    /// <c>asr_unavailable</c> and the audio no final covers is stored for a later pass.
    /// </summary>
    public TimeSpan MaxOutage { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Audio not yet covered by a final is kept this long for replay after a reconnect.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Word boost sent with hotwords (Riva speech_contexts boost).</summary>
    public float HotwordBoost { get; set; } = 10f;
}
