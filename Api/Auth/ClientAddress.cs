using System.Net;
using System.Net.Sockets;

namespace Spaces.Api.Auth;

/// <summary>
/// The client address that sign-in limits count against (after forwarded headers from configured proxies). An IPv6
/// client counts by its /64 network: one host is handed a whole /64, so its single addresses cost it nothing.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
