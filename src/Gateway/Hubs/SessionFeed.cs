namespace Hybrid.Gateway.Hubs;

/// <summary>
/// One connection's view of one session: the forwarding task that pushes the grain's events to the
/// connection, and the uploads in flight, so <c>StopSession</c> can wait for both.
/// </summary>
public sealed class SessionFeed(string connectionId, string sessionId, string userId)
{
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SessionUpload> _uploads = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    /// <summary>An upload started reading the client's frame stream.</summary>
    public SessionUpload BeginUpload(Func<int> pending)
    {
        var upload = new SessionUpload(pending, Changed);
        lock (_uploads)
        {
            _uploads.Add(upload);
        }

        Changed();
        return upload;
    }

    /// <summary>An upload ended.</summary>
    public void EndUpload(SessionUpload upload)
    {
        lock (_uploads)
        {
            _uploads.Remove(upload);
        }

        Changed();
    }

    /// <summary>
    /// Completes when every upload of this session on this connection has forwarded every frame it
    /// had received: frames a client sent before <c>StopSession</c> reach the grain first (SignalR
    /// queues a stream's items before it dispatches the next invocation), even if the client keeps
    /// its stream open.
    /// </summary>
    public async Task WaitUploadsDrainedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_uploads)
            {
                changed = _changed.Task;
                if (_uploads.All(u => u.Drained))
                {
                    return;
                }
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (_uploads)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
