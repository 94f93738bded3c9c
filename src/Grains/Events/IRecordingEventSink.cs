using Hybrid.Grains.Interfaces.Events;

namespace Hybrid.Grains.Events;

/// <summary>
/// Where storage-path events go beyond the cluster (an external bus such as EventBridge or SNS).
/// Register any number; each gets every event at least once and must tolerate repeats
/// (de-duplicate by <see cref="RecordingEvent.EventId"/>).
/// </summary>
public interface IRecordingEventSink
{
    Task PublishAsync(RecordingEvent recordingEvent, CancellationToken cancellationToken);
}
