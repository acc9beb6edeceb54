using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Spaces.Api.Hosting;

/// <summary>Proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (section <c>Spaces:ForwardedHeaders</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Spaces:ForwardedHeaders";

    /// <summary>IP addresses of the TLS-terminating proxies in front of this host. None by default: the headers are ignored.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>
    /// Believe the headers from any peer: only for hosts reachable solely through a TLS front end whose addresses cannot
    /// be listed (Azure App Service). Only the last hop's entry is read, the one the front end itself appended.
    /// </summary>
    public bool BehindPlatformFrontEnd { get; set; }
}

/// <summary>
/// Behind a TLS proxy the request's scheme and client address come from forwarded headers, but only when the proxy is
/// one the configuration names: from anyone else they are ignored, so a client cannot claim https (and Secure cookies
/// it never sees) or another address (and someone else's sign-in allowance). <c>X-Forwarded-Host</c> is never
/// honoured; redirects are local paths, so no Host header reaches a Location.
/// </summary>
public static class ProxySetup
{
    public static IServiceCollection AddSpacesProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                $"{ProxyOptions.Section}:KnownProxies holds an entry that is not an IP address")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            // With both lists empty the middleware believes every peer, so no configured proxy means no headers read.
            o.ForwardedHeaders = proxies.Value.KnownProxies.Length == 0 && !proxies.Value.BehindPlatformFrontEnd
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; a proxy on this machine must be named like any other. Behind a platform front
            // end both lists stay empty, which the middleware reads as "any peer"; ForwardLimit 1 keeps it to the last hop.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = 1;
            foreach (var proxy in proxies.Value.KnownProxies)
            {
                // Validated above; a mapped IPv4 address is also added so either form of the peer matches.
                var address = IPAddress.Parse(proxy);
                o.KnownProxies.Add(address);
                if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    o.KnownProxies.Add(address.MapToIPv6());
                }
            }
        });
        return services;
    }
}
