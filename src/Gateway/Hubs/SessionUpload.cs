namespace Hybrid.Gateway.Hubs;

/// <summary>One <c>UploadAudio</c> call: busy while it holds a frame it has not forwarded yet.</summary>
public sealed class SessionUpload(Func<int> pending, Action changed)
{
    private volatile bool _busy;

    /// <summary>Nothing held and nothing queued.</summary>
    public bool Drained => !_busy && pending() == 0;

    /// <summary>Call before taking a frame from the stream, so a taken frame is never invisible.</summary>
    public void Busy() => _busy = true;

    public void Idle()
    {
        _busy = false;
        changed();
    }
}
