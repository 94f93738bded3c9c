using System.Net;
using System.Net.Sockets;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for silos and gateways started by tests.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
