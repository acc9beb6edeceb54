using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Spaces.Silo.Hosting;

/// <summary>
/// On Azure App Service (infra/), silos reach each other only on the instance's private address and ports of the VNet
/// integration, which the platform hands each instance in <c>WEBSITE_PRIVATE_IP</c> and <c>WEBSITE_PRIVATE_PORTS</c>
/// (as Orleans' App Service guide describes). They become <c>Spaces:Cluster:AdvertisedAddress</c>, <c>SiloPort</c>
/// and <c>GatewayPort</c>, over any other value: no other address or port of an instance is reachable.
/// </summary>
public static class AppServicePrivateNetwork
{
    public const string PrivateIpKey = "WEBSITE_PRIVATE_IP";
    public const string PrivatePortsKey = "WEBSITE_PRIVATE_PORTS";

    public static IConfigurationManager AddAppServicePrivateNetwork(this IConfigurationManager configuration)
    {
        var address = configuration[PrivateIpKey];
        var ports = configuration[PrivatePortsKey];
        if (string.IsNullOrWhiteSpace(address) || string.IsNullOrWhiteSpace(ports))
        {
            return configuration;
        }
        if (!IPAddress.TryParse(address, out _))
        {
            throw new InvalidOperationException($"{PrivateIpKey} is '{address}': App Service gives an IP address there");
        }
        var parsed = ports.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : -1)
            .ToArray();
        if (parsed.Length < 2 || parsed.Any(p => p < 0))
        {
            throw new InvalidOperationException(
                $"{PrivatePortsKey} is '{ports}': two private ports are needed, the silo's and the gateway's (vnetPrivatePortsCount: 2)");
        }
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Spaces:Cluster:AdvertisedAddress"] = address,
            ["Spaces:Cluster:SiloPort"] = parsed[0].ToString(CultureInfo.InvariantCulture),
            ["Spaces:Cluster:GatewayPort"] = parsed[1].ToString(CultureInfo.InvariantCulture),
        });
        return configuration;
    }
}
