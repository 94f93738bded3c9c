using System.Threading.Channels;
using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Grains.Live;

/// <summary>
/// A session's event feed for its one consumer (the gateway holding the client): a channel, numbered
/// events, and the hand-over when a new consumer replaces the old one. Events published before the
/// first consumer arrives wait in the channel for it.
/// </summary>
/// <remarks>Not thread-safe: used from one grain activation's turns.</remarks>
public sealed class EventFeed
{
    private Channel<SessionEvent>? _channel;
    private bool _claimed;

    /// <summary>The id of the last event numbered (the stop result reports it).</summary>
    public long LastEventId { get; private set; }

    /// <summary>True while a channel is open (published events are kept).</summary>
    public bool IsOpen => _channel is not null;

    /// <summary>Opens the channel if there is none, so events wait for the first consumer.</summary>
    public void Open() => _channel ??= NewChannel();

    /// <summary>Numbers <paramref name="item"/> and queues it; dropped when no channel is open.</summary>
    public void Publish(SessionEvent item)
    {
        var numbered = item switch
        {
            TranscriptEvent t => t with { Id = ++LastEventId },
            StatusEvent s => s with { Id = ++LastEventId },
            ErrorEvent e => e with { Id = ++LastEventId },
            _ => item,
        };
        _channel?.Writer.TryWrite(numbered);
    }

    /// <summary>Completes the channel; what it holds can still be read by a consumer that claims it.</summary>
    public void Complete() => _channel?.Writer.TryComplete();

    /// <summary>Completes the channel and forgets it: the session ended.</summary>
    public void End()
    {
        _channel?.Writer.TryComplete();
        _channel = null;
    }

    /// <summary>
    /// The reader for a new consumer. <paramref name="current"/> is the session's status, sent first
    /// to a consumer that replaces another; <paramref name="keepOpen"/> is false for an ended session
    /// (the consumer gets its status and the feed ends).
    /// </summary>
    public ChannelReader<SessionEvent> Claim(StatusEvent current, bool keepOpen)
    {
        if (_channel is null || _claimed)
        {
            // A new consumer replaces the old one (a reconnecting client, another gateway): end the old
            // feed and hand over what it never read, so no final published meanwhile is lost.
            var previous = _channel;
            previous?.Writer.TryComplete();
            _channel = NewChannel();
            _channel.Writer.TryWrite(current with { Id = ++LastEventId });
            while (previous is not null && previous.Reader.TryRead(out var unread))
            {
                if (unread is not StatusEvent)
                {
                    _channel.Writer.TryWrite(unread);
                }
            }

            if (!keepOpen)
            {
                _channel.Writer.TryComplete();
                var ended = _channel.Reader;
                _channel = null;
                _claimed = false;
                return ended;
            }
        }

        _claimed = true;
        return _channel.Reader;
    }

    private static Channel<SessionEvent> NewChannel() =>
        Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
}
