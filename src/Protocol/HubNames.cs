namespace Hybrid.Protocol;

/// <summary>Route, method and event names of the transcription hub (public contract).</summary>
public static class HubNames
{
    /// <summary>The hub route.</summary>
    public const string Route = "/hubs/transcription";

    /// <summary>Client → server: start or resume a session.</summary>
    public const string StartSession = nameof(StartSession);

    /// <summary>Client → server: a client-to-server stream of <see cref="AudioFrame"/>.</summary>
    public const string UploadAudio = nameof(UploadAudio);

    /// <summary>Client → server: drain and stop; resolves after the last final is delivered.</summary>
    public const string StopSession = nameof(StopSession);

    /// <summary>Server → client: a partial or final transcript.</summary>
    public const string Transcript = nameof(Transcript);

    /// <summary>Server → client: a session state change.</summary>
    public const string SessionStatus = nameof(SessionStatus);

    /// <summary>Server → client: an error with a stable code.</summary>
    public const string Error = nameof(Error);
}
