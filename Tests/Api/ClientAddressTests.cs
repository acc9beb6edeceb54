using System.Net;
using Spaces.Api.Auth;

namespace Spaces.Tests.Api;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void ClientAddress_IPv4AsItIs_IPv6ByIts64Network(string address, string counted)
    {
        Assert.Equal(counted, ClientAddress.Of(IPAddress.Parse(address)));
    }
}
