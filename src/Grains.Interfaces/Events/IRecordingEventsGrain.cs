namespace Hybrid.Grains.Interfaces.Events;

/// <summary>
/// Consumes one user's recording-event stream (implicit subscription, key: user id) and hands each
/// event to the registered sinks.
/// </summary>
public interface IRecordingEventsGrain : IGrainWithStringKey
{
    /// <summary>How many distinct events this activation has delivered (operators, tests).</summary>
    Task<int> DeliveredCount();
}
