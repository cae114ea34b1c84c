using System.Net;
using System.Net.Sockets;

namespace Credits.Testing.Hosting;

/// <summary>
/// Ports for listeners whose address must be known before the server starts (a second listener, a
/// restart on the same port); Kestrel reports only the gRPC one's after binding port 0.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>A port free right now; Kestrel binds it a moment later.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
