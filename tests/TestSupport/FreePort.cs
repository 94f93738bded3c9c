using System.Net;
using System.Net.Sockets;

namespace Hybrid.TestSupport;

/// <summary>Free TCP ports for the servers, silos and gateways that tests start.</summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range (32768+): a port the OS hands out for port 0 is
/// free only until the next outgoing connection takes it, and tests open many (gRPC, Redis, SignalR).
/// Each test process starts at its own offset so concurrent runs rarely probe the same ports, and a
/// port is handed out only after a bind on every address (without address reuse) succeeded.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Environment.ProcessId * 211 % Count;

    /// <summary>A port nothing listens on now, never the same one twice in this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free TCP port in {First}-{First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
