using System.Collections.Concurrent;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Hybrid.Grains.Interfaces.Live;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Forwards each session's events from its grain (an <c>IAsyncEnumerable</c> grain call) to the
/// connection that started it. Hubs are transient, so the forwarding loops live here.
/// </summary>
public sealed partial class SessionFeeds(IHubContext<TranscriptionHub> hub, IClusterClient cluster, ILogger<SessionFeeds> logger)
{
    private const int MaxResubscribes = 8;
    private readonly ConcurrentDictionary<(string Connection, string Session), SessionFeed> _feeds = new();

    /// <summary>The feed of a session on a connection, created on first use.</summary>
    public SessionFeed Get(string connectionId, string sessionId, string userId) =>
        _feeds.GetOrAdd((connectionId, sessionId), key => new SessionFeed(key.Connection, key.Session, userId));

    public SessionFeed? Find(string connectionId, string sessionId) =>
        _feeds.TryGetValue((connectionId, sessionId), out var feed) ? feed : null;

    /// <summary>Starts forwarding the session's events to the connection (once per connection and session).</summary>
    public void StartForwarding(SessionFeed feed)
    {
        lock (feed)
        {
            if (feed.IsForwarding)
            {
                return;
            }

            feed.IsForwarding = true;
        }

        _ = ForwardAsync(feed);
    }

    /// <summary>
    /// (Re)starts forwarding after a <c>StartSession</c>: a fresh subscription always begins with the
    /// session's current state, so a resumed session's client sees it streaming again, whatever state
    /// an older forwarding loop was in. The old loop is cancelled; uploads in flight keep their feed.
    /// </summary>
    public void Restart(string connectionId, string sessionId, string userId)
    {
        int? lastFinal = null;
        if (_feeds.TryGetValue((connectionId, sessionId), out var old))
        {
            lock (old)
            {
                if (!old.IsForwarding)
                {
                    StartForwarding(old);
                    return;
                }
            }

            lastFinal = old.LastFinalSegmentId;
            _feeds.TryRemove(new KeyValuePair<(string, string), SessionFeed>((connectionId, sessionId), old));
            old.Cancellation.Cancel();
        }

        var feed = Get(connectionId, sessionId, userId);
        feed.LastFinalSegmentId ??= lastFinal;
        StartForwarding(feed);
    }

    /// <summary>Stops every forwarding loop of a closed connection. The sessions keep running until they idle out or resume.</summary>
    public void Disconnected(string connectionId)
    {
        foreach (var key in _feeds.Keys.Where(k => k.Connection == connectionId).ToArray())
        {
            if (_feeds.TryRemove(key, out var feed))
            {
                feed.Cancellation.Cancel();
            }
        }
    }

    private async Task ForwardAsync(SessionFeed feed)
    {
        var client = hub.Clients.Client(feed.ConnectionId);
        var grain = cluster.GetGrain<ISessionGrain>(feed.SessionId);
        var failures = 0;
        try
        {
            while (true)
            {
                try
                {
                    if (failures > 0 && feed.LastFinalSegmentId is { } lastFinal)
                    {
                        // Finals stored while the feed was broken were never forwarded: send them first.
                        await SendMissedFinalsAsync(feed.ConnectionId, feed.SessionId, feed.UserId, lastFinal);
                    }

                    await foreach (var item in grain.Events(feed.UserId, feed.Cancellation.Token).WithCancellation(feed.Cancellation.Token))
                    {
                        failures = 0;
                        if (item is TranscriptEvent { IsFinal: true } final)
                        {
                            if (final.SegmentId <= (feed.LastFinalSegmentId ?? -1))
                            {
                                continue; // already sent (from the stored finals)
                            }

                            feed.LastFinalSegmentId = final.SegmentId;
                        }

                        var (method, payload) = EventMapper.ToHubEvent(feed.SessionId, item);
                        await client.SendAsync(method, payload, feed.Cancellation.Token);
                    }

                    return; // the session stopped: its feed ended normally
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not SessionException && ++failures <= MaxResubscribes)
                {
                    // The silo holding the session went away (or the enumeration was aborted).
                    // Subscribing again activates the session on a surviving silo, which reports
                    // "reconnecting" until the client resumes it.
                    LogResubscribing(logger, feed.SessionId, failures, ex.GetType().Name);
                    await client.SendAsync(HubNames.SessionStatus,
                        new SessionStatusMessage(feed.SessionId, SessionStates.Reconnecting, string.Empty, string.Empty, "the session's node was lost; resubscribing"),
                        feed.Cancellation.Token);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * failures), feed.Cancellation.Token);
                }
            }
        }
        catch (OperationCanceledException) when (feed.Cancellation.IsCancellationRequested)
        {
            // The connection closed.
        }
        catch (SessionException ex)
        {
            await TrySendAsync(client, new ErrorMessage(feed.SessionId, ex.Code, ex.Message));
        }
        catch (Exception ex)
        {
            LogForwardFailed(logger, feed.SessionId, ex);
            await TrySendAsync(client, new ErrorMessage(feed.SessionId, ErrorCodes.ResumeRequired, "the session's event feed broke; call StartSession with this sessionId to resume"));
        }
        finally
        {
            lock (feed)
            {
                feed.IsForwarding = false;
            }

            feed.MarkDelivered();
            _feeds.TryRemove(new KeyValuePair<(string, string), SessionFeed>((feed.ConnectionId, feed.SessionId), feed));
        }
    }

    /// <summary>Sends the session's stored finals after <paramref name="lastSegmentId"/> to one connection.</summary>
    public async Task SendMissedFinalsAsync(string connectionId, string sessionId, string userId, int lastSegmentId)
    {
        var snapshot = await cluster.GetGrain<ISessionGrain>(sessionId).GetSnapshot(userId);
        var feed = Get(connectionId, sessionId, userId);
        var client = hub.Clients.Client(connectionId);
        foreach (var final in snapshot.Finals.Where(f => f.SegmentId > Math.Max(lastSegmentId, feed.LastFinalSegmentId ?? -1)))
        {
            var (method, payload) = EventMapper.ToHubEvent(sessionId,
                new TranscriptEvent(0, final.SegmentId, true, final.Text, 1f, final.Words, final.AudioProcessedMs));
            await client.SendAsync(method, payload);
            feed.LastFinalSegmentId = final.SegmentId;
        }
    }

    private static async Task TrySendAsync(ISingleClientProxy client, ErrorMessage error)
    {
        try
        {
            await client.SendAsync(HubNames.Error, error);
        }
        catch (Exception)
        {
            // The connection is gone; nothing to tell.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed of session {SessionId} broke ({Error}); resubscribing, attempt {Attempt}")]
    private static partial void LogResubscribing(ILogger logger, string sessionId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed of session {SessionId} ended with an error")]
    private static partial void LogForwardFailed(ILogger logger, string sessionId, Exception exception);
}
