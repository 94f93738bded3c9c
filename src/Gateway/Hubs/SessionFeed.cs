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

    /// <summary>An upload started consuming the client's stream.</summary>
    public void BeginUpload() => Busy(+1);

    /// <summary>An upload ended.</summary>
    public void EndUpload() => Busy(-1);

    /// <summary>An upload has consumed every frame received so far and waits for the client's next one.</summary>
    public void UploadWaiting() => Busy(-1);

    /// <summary>A waiting upload got its next frame (or the end of the stream).</summary>
    public void UploadResumed() => Busy(+1);

    /// <summary>
    /// Completes when every upload of this session on this connection has either ended or forwarded
    /// every frame received before now: frames a client sent before <c>StopSession</c> have reached
    /// the grain, even if the client keeps its stream open.
    /// </summary>
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

    private void Busy(int change)
    {
        lock (this)
        {
            _uploads += change;
            if (_uploads == 0)
            {
                _uploadsIdle.TrySetResult();
            }
            else if (change > 0 && _uploads == 1)
            {
                _uploadsIdle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
