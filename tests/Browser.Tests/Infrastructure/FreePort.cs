using System.Net;
using System.Net.Sockets;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>Free loopback TCP ports for the silo and gateway the tests start.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
