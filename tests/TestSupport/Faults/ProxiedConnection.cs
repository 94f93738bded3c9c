using System.Net.Sockets;

namespace Hybrid.TestSupport.Faults;

/// <summary>One client connection of a <see cref="FaultProxy"/> and its upstream twin, copied both ways.</summary>
internal sealed class ProxiedConnection(FaultProxy proxy, Socket client, Socket upstream)
{
    private int _closed;
    private int _halfClosed;

    public void Start(CancellationToken cancellationToken)
    {
        _ = CopyAsync(client, upstream, cancellationToken);
        _ = CopyAsync(upstream, client, cancellationToken);
    }

    /// <summary>Both sides get a TCP RST (linger 0), as when a process dies.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            ResetSocket(client);
            ResetSocket(upstream);
            proxy.Forget(this);
        }
    }

    public static void ResetSocket(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private async Task CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    // Orderly close from this side: pass it on, let the other direction finish.
                    to.Shutdown(SocketShutdown.Send);
                    if (Interlocked.Increment(ref _halfClosed) == 2)
                    {
                        Reset(); // both sides are done: nothing is left to lose
                    }

                    return;
                }

                await proxy.Gate.WaitFlowingAsync(cancellationToken);
                if (proxy.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(proxy.Delay, cancellationToken);
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side failed: the other must see a failure too, not a half-open connection.
            Reset();
        }
    }
}
