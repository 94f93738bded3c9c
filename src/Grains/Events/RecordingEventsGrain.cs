using Hybrid.Grains.Interfaces.Events;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Hybrid.Grains.Events;

/// <summary>
/// Subscribed implicitly to every user's recording-event stream. Retries a failing sink before
/// acknowledging, and skips events it has already delivered (the session grain's outbox republishes
/// after a crash, so repeats are expected).
/// </summary>
[ImplicitStreamSubscription(RecordingStreams.Namespace)]
public sealed partial class RecordingEventsGrain(IEnumerable<IRecordingEventSink> sinks, ILogger<RecordingEventsGrain> logger)
    : Grain, IRecordingEventsGrain
{
    private const int RememberedIds = 4096;
    private readonly HashSet<string> _delivered = [];
    private readonly Queue<string> _order = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(RecordingStreams.Provider)
            .GetStream<RecordingEvent>(StreamId.Create(RecordingStreams.Namespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(OnNextAsync);
    }

    public Task<int> DeliveredCount() => Task.FromResult(_delivered.Count);

    private async Task OnNextAsync(RecordingEvent item, StreamSequenceToken? token)
    {
        if (_delivered.Contains(item.EventId))
        {
            return;
        }

        foreach (var sink in sinks)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await sink.PublishAsync(item, CancellationToken.None);
                    break;
                }
                catch (Exception ex) when (attempt < 3)
                {
                    LogSinkRetry(logger, sink.GetType().Name, item.EventId, attempt, ex.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }
        }

        _delivered.Add(item.EventId);
        _order.Enqueue(item.EventId);
        if (_order.Count > RememberedIds)
        {
            _delivered.Remove(_order.Dequeue());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sink {Sink} failed for {EventId} (attempt {Attempt}): {Error}")]
    private static partial void LogSinkRetry(ILogger logger, string sink, string eventId, int attempt, string error);
}
