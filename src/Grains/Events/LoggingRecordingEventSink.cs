using Hybrid.Grains.Interfaces.Events;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Events;

/// <summary>The default sink: one structured log line per event.</summary>
public sealed partial class LoggingRecordingEventSink(ILogger<LoggingRecordingEventSink> logger) : IRecordingEventSink
{
    public Task PublishAsync(RecordingEvent recordingEvent, CancellationToken cancellationToken)
    {
        Log(logger, recordingEvent.Type, recordingEvent.EventId, recordingEvent.SessionId, recordingEvent.Seq, recordingEvent.Bytes);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{EventType} {EventId} session {SessionId} seq {Seq} bytes {Bytes}")]
    private static partial void Log(ILogger logger, string eventType, string eventId, string sessionId, int? seq, long? bytes);
}
