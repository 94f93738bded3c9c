using System.Net;
using System.Net.Sockets;

namespace Hybrid.Grains.Interfaces.Hosting;

/// <summary>
/// Checks, before a host starts, that its listening ports are free. Orleans binds its silo and
/// gateway ports with address reuse, which on Linux lets a second process listen on a port the
/// first one holds and silently share its connections; an exclusive probe bind fails instead.
/// </summary>
public static class PortGuard
{
    /// <summary>Throws <see cref="PortInUseException"/> for the first of <paramref name="ports"/> another socket holds.</summary>
    /// <param name="ports">Each port with the setting it comes from, named in the message.</param>
    public static void EnsureFree(params (int Port, string Setting)[] ports)
    {
        foreach (var (port, setting) in ports)
        {
            if (port <= 0)
            {
                continue;
            }

            // The wildcard address conflicts with a listener on any local address, loopback included.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Any, port));
                probe.Listen(1);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new PortInUseException(
                    $"port {port} ({setting}) is already in use, most likely by another Hybrid instance; " +
                    "stop it or choose other ports (scripts/run --base-port N)", ex);
            }
        }
    }
}
