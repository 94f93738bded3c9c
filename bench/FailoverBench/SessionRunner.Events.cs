using System.Diagnostics;
using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Bench.Failover;

/// <summary>The session's hub events (finals arrive de-duplicated by the shared client), time-stamped.</summary>
public sealed partial class SessionRunner : ISessionEventSink
{
    void ISessionEventSink.OnTranscript(TranscriptMessage message, long receivedAt)
    {
        lock (_gate)
        {
            TranscriptTimes.Add(receivedAt);
            var current = Resumes.Count > 0 ? Resumes[^1] : null;
            if (current is { FirstTranscriptAt: 0 })
            {
                current.FirstTranscriptAt = receivedAt;
            }

            if (!message.IsFinal)
            {
                return;
            }

            if (current is { FirstFinalAt: 0 })
            {
                current.FirstFinalAt = receivedAt;
            }

            Finals.Add(new FinalRecord(message.SegmentId, message.Text,
                message.Words.Count > 0 ? message.Words[0].StartMs : -1,
                message.Words.Count > 0 ? message.Words[^1].EndMs : -1,
                message.Words.Count, message.AudioProcessedMs, receivedAt, Resumes.Count));
        }
    }

    void ISessionEventSink.OnStatus(SessionStatusMessage message)
    {
        lock (_gate)
        {
            if (message.Silo.Length > 0)
            {
                PlacedOn ??= message.Silo;
                CurrentSilo = message.Silo;
            }
        }

        Record("status:" + message.State, message.Silo.Length > 0 ? message.Silo : message.Detail ?? string.Empty);
    }

    void ISessionEventSink.OnError(ErrorMessage message) => Record("error:" + message.Code, message.Message);

    void ISessionEventSink.OnClosed(Exception? error) => Record("connection_closed", error?.Message ?? "closed");
}
