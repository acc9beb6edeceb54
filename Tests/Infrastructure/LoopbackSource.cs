using System.Net;
using System.Net.Sockets;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// Connections from another loopback address (127.0.0.0/8 all reaches the host on 127.0.0.1), so one test can act as
/// several clients whose addresses differ for real, not through a forwarded header.
/// </summary>
public static class LoopbackSource
{
    /// <summary>127.0.0.<paramref name="last"/>; 1 is the tests' usual address.</summary>
    public static IPAddress Address(int last) => new([127, 0, 0, (byte)last]);

    public static SocketsHttpHandler Handler(IPAddress source, CookieContainer cookies) => new()
    {
        CookieContainer = cookies,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
