namespace Hybrid.Protocol;

/// <summary>The values of <see cref="SessionStatusMessage.State"/>.</summary>
public static class SessionStates
{
    public const string Starting = "starting";
    public const string Streaming = "streaming";
    public const string Reconnecting = "reconnecting";
    public const string Draining = "draining";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
}
