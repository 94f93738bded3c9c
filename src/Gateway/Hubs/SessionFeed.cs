namespace Hybrid.Gateway.Hubs;

/// <summary>
/// One connection's view of one session: the forwarding task that pushes the grain's events to the
/// connection, and the uploads in flight, so <c>StopSession</c> can wait for both.
/// </summary>
public sealed class SessionFeed(string connectionId, string sessionId, string userId)
{
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _uploads;
    private TaskCompletionSource _uploadsIdle = CompletedSource();

    public string ConnectionId { get; } = connectionId;
    public string SessionId { get; } = sessionId;
    public string UserId { get; } = userId;
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Completes when the grain's feed has ended and every event was sent to the connection.</summary>
    public Task Delivered => _delivered.Task;

    public bool IsForwarding { get; set; }

    /// <summary>The last final segment sent to this connection, so none is sent twice or skipped on resubscribe.</summary>
    public int? LastFinalSegmentId { get; set; }

    public void MarkDelivered() => _delivered.TrySetResult();

    public void BeginUpload()
    {
        lock (this)
        {
            if (_uploads++ == 0)
            {
                _uploadsIdle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void EndUpload()
    {
        lock (this)
        {
            if (--_uploads == 0)
            {
                _uploadsIdle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when no upload of this session is running on this connection.</summary>
    public Task UploadsIdle
    {
        get
        {
            lock (this)
            {
                return _uploadsIdle.Task;
            }
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
