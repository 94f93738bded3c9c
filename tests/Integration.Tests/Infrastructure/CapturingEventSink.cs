using System.Collections.Concurrent;
using Hybrid.Grains.Events;
using Hybrid.Grains.Interfaces.Events;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>An event sink that remembers what it got, as an external bus would.</summary>
public sealed class CapturingEventSink : IRecordingEventSink
{
    public ConcurrentQueue<RecordingEvent> Events { get; } = new();

    public Task PublishAsync(RecordingEvent recordingEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(recordingEvent);
        return Task.CompletedTask;
    }
}
