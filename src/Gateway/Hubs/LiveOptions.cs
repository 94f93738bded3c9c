namespace Hybrid.Gateway.Hubs;

/// <summary>Limits of the live hub (section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>Largest PCM frame accepted (default 16,000 B = 500 ms); larger ones get <c>frame_too_large</c>.</summary>
    public int MaxFrameBytes { get; set; } = 16_000;

    /// <summary>Most hotwords a session may boost.</summary>
    public int MaxHotwords { get; set; } = 100;

    /// <summary>How long <c>StopSession</c> waits for an upload still in flight and for the last events.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
