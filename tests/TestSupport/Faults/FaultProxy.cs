using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Hybrid.TestSupport.Faults;

/// <summary>
/// A TCP proxy on loopback that forwards real bytes (gRPC over HTTP/2, or anything else) to an
/// upstream port and injects network faults on demand, so a client meets the failures of a real
/// network and a real server restart without any fake on its side:
/// <list type="bullet">
/// <item><see cref="Refuse"/> / <see cref="RefuseFor"/>: new connections are reset at once (gRPC: UNAVAILABLE).</item>
/// <item><see cref="ResetAll"/>: every live connection is reset (TCP RST), as when the server process dies.</item>
/// <item><see cref="Stall"/> / <see cref="Resume"/>: bytes stop flowing both ways; sockets stay open.</item>
/// <item><see cref="Delay"/>: each forwarded read waits this long first.</item>
/// </list>
/// <see cref="Outage"/> combines a reset with a refusal: a recognizer that is gone for a while.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _connections = new();
    private readonly Task _acceptLoop;
    private long _refuseUntilMs;
    private bool _refusing;
    private int _refused;
    private int _accepted;

    private FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{Port}</c>, for an HTTP/2 (gRPC) client.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Connections currently forwarded.</summary>
    public int LiveConnections => _connections.Count;

    /// <summary>Connections accepted and forwarded since the start.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Connections reset at once because the proxy was refusing.</summary>
    public int RefusedConnections => Volatile.Read(ref _refused);

    /// <summary>Added before each forwarded read (zero: none).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>True while <see cref="Stall"/> holds the bytes.</summary>
    public bool Stalled => Gate.Stalled;

    internal FlowGate Gate { get; } = new();

    /// <summary>Starts a proxy on an ephemeral loopback port that forwards to <c>127.0.0.1:<paramref name="upstreamPort"/></c>.</summary>
    public static FaultProxy Start(int upstreamPort) => new(upstreamPort);

    /// <summary>Resets every new connection until <see cref="Accept"/>.</summary>
    public void Refuse() => _refusing = true;

    /// <summary>Resets every new connection for <paramref name="duration"/> from now.</summary>
    public void RefuseFor(TimeSpan duration) => Volatile.Write(ref _refuseUntilMs, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    /// <summary>Forwards new connections again (ends <see cref="Refuse"/> and <see cref="RefuseFor"/>).</summary>
    public void Accept()
    {
        _refusing = false;
        Volatile.Write(ref _refuseUntilMs, 0);
    }

    /// <summary>True while new connections are refused.</summary>
    public bool IsRefusing => _refusing || Environment.TickCount64 < Volatile.Read(ref _refuseUntilMs);

    /// <summary>Resets (TCP RST) every live connection, both sides.</summary>
    public void ResetAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Reset();
        }
    }

    /// <summary>The upstream "dies" now and is unreachable for <paramref name="duration"/>: refuse, then reset everything live.</summary>
    public void Outage(TimeSpan duration)
    {
        RefuseFor(duration);
        ResetAll();
    }

    /// <summary>Stops forwarding bytes in both directions; connections stay open.</summary>
    public void Stall() => Gate.Stall();

    /// <summary>Forwards again after <see cref="Stall"/> (held bytes go first).</summary>
    public void Resume() => Gate.Resume();

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Stop();
        Gate.Resume();
        ResetAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _cts.Dispose();
    }

    internal void Forget(ProxiedConnection connection) => _connections.TryRemove(connection, out _);

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_cts.Token);
            if (IsRefusing)
            {
                Interlocked.Increment(ref _refused);
                ProxiedConnection.ResetSocket(client);
                continue;
            }

            _ = ConnectAsync(client);
        }
    }

    private async Task ConnectAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstreamPort), _cts.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // The upstream itself is down: the client sees what it would see from it, a reset.
            ProxiedConnection.ResetSocket(upstream);
            ProxiedConnection.ResetSocket(client);
            return;
        }

        client.NoDelay = true;
        var connection = new ProxiedConnection(this, client, upstream);
        _connections[connection] = 0;
        Interlocked.Increment(ref _accepted);
        connection.Start(_cts.Token);
    }
}
