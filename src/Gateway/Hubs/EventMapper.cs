using Hybrid.Grains.Interfaces.Live;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>Maps grain events to the hub's public event names and payloads.</summary>
public static class EventMapper
{
    public static (string Method, object Payload) ToHubEvent(string sessionId, SessionEvent item) => item switch
    {
        TranscriptEvent t => (HubNames.Transcript, new TranscriptMessage(
            sessionId, t.SegmentId, t.IsFinal, t.Text, t.Stability,
            t.Words.Select(w => new TranscriptWord(w.Word, w.StartMs, w.EndMs, w.Confidence)).ToArray(),
            t.AudioProcessedMs)),
        StatusEvent s => (HubNames.SessionStatus, new SessionStatusMessage(sessionId, s.State, s.Silo, s.AsrEndpoint, s.Detail)),
        ErrorEvent e => (HubNames.Error, new ErrorMessage(sessionId, e.Code, e.Message)),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name, "unknown session event"),
    };
}
