using Hybrid.Protocol;

namespace Hybrid.Client;

/// <summary>Receives a session's hub events. Called on the connection's receive loop: keep it quick.</summary>
public interface ISessionEventSink
{
    /// <param name="receivedAt">Monotonic receive time (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), taken before any other work.</param>
    void OnTranscript(TranscriptMessage message, long receivedAt);

    void OnStatus(SessionStatusMessage message);

    void OnError(ErrorMessage message);

    /// <summary>The connection closed; <paramref name="error"/> is null for a close we asked for.</summary>
    void OnClosed(Exception? error);
}
