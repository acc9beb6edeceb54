using System.Net;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>A host whose configured proxy is this machine: the tests' own requests come from it.</summary>
public sealed class LoopbackProxyHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spaces:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    };
}

/// <summary>A host whose configured proxy is some other machine (a documentation address), not the tests' one.</summary>
public sealed class OtherProxyHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spaces:ForwardedHeaders:KnownProxies:0"] = "192.0.2.10",
    };
}

/// <summary>A host behind a platform's TLS front end (App Service): forwarded headers believed from any peer, last hop only.</summary>
public sealed class PlatformFrontEndHostFixture : HostFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spaces:ForwardedHeaders:BehindPlatformFrontEnd"] = "true",
    };
}

/// <summary><c>X-Forwarded-Proto</c> makes the session cookie Secure only when a configured proxy sends it.</summary>
public sealed class ForwardedHeadersTests(
    HostFixture plain, OtherProxyHostFixture other, LoopbackProxyHostFixture proxied, PlatformFrontEndHostFixture frontEnd)
    : IClassFixture<HostFixture>, IClassFixture<OtherProxyHostFixture>, IClassFixture<LoopbackProxyHostFixture>,
        IClassFixture<PlatformFrontEndHostFixture>
{
    /// <summary>Registers a user and signs in with <c>X-Forwarded-Proto: https</c>; returns the session cookie as set.</summary>
    private static async Task<string> SessionCookieSetAsync(SpacesHost host)
    {
        var name = $"fw{Guid.NewGuid():N}"[..20];
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) };
        var registered = await http.PostAsJsonAsync("/api/auth/register", new { username = name, password = ApiClient.NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { username = name, password = ApiClient.NewUserPassword }),
        };
        login.Headers.Add("X-Forwarded-Proto", "https");
        var response = await http.SendAsync(login);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("spaces.session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardedHttps_FromAnAddressNotConfigured_DoesNotMakeTheCookieSecure()
    {
        Assert.DoesNotContain("secure", await SessionCookieSetAsync(plain.Host), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", await SessionCookieSetAsync(other.Host), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHttps_FromAConfiguredProxy_MakesTheCookieSecure()
    {
        var cookie = await SessionCookieSetAsync(proxied.Host);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHttps_BehindAPlatformFrontEnd_MakesTheCookieSecure()
    {
        var cookie = await SessionCookieSetAsync(frontEnd.Host);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
