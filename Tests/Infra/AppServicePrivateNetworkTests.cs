using Microsoft.Extensions.Configuration;
using Spaces.Silo.Hosting;

namespace Spaces.Tests.Infra;

public sealed class AppServicePrivateNetworkTests
{
    private static ConfigurationManager Configuration(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(values);
        return configuration;
    }

    [Fact]
    public void PrivateIpAndPorts_BecomeTheAdvertisedAddressAndTheSiloAndGatewayPorts_OverConfiguredOnes()
    {
        var configuration = Configuration(new()
        {
            ["Spaces:Cluster:SiloPort"] = "11111",
            ["WEBSITE_PRIVATE_IP"] = "10.40.0.7",
            ["WEBSITE_PRIVATE_PORTS"] = "20345, 20346",
        });

        var settings = SpacesStorageSettings.From(configuration.AddAppServicePrivateNetwork());

        Assert.Equal("10.40.0.7", settings.AdvertisedAddress?.ToString());
        Assert.Equal((20345, 20346), (settings.SiloPort, settings.GatewayPort));
    }

    [Fact]
    public void OutsideAppService_TheClusterSettingsStayAsConfigured()
    {
        var configuration = Configuration(new() { ["Spaces:Cluster:SiloPort"] = "12000" });

        var settings = SpacesStorageSettings.From(configuration.AddAppServicePrivateNetwork());

        Assert.Null(settings.AdvertisedAddress);
        Assert.Equal(12000, settings.SiloPort);
    }

    [Theory]
    [InlineData("10.40.0.7", "20345", "WEBSITE_PRIVATE_PORTS is '20345'")]
    [InlineData("10.40.0.7", "20345,http", "WEBSITE_PRIVATE_PORTS is '20345,http'")]
    [InlineData("not-an-address", "20345,20346", "WEBSITE_PRIVATE_IP is 'not-an-address'")]
    public void MalformedPrivateNetwork_FailsTheStartNamingTheSetting(string address, string ports, string expected)
    {
        var configuration = Configuration(new() { ["WEBSITE_PRIVATE_IP"] = address, ["WEBSITE_PRIVATE_PORTS"] = ports });

        var error = Assert.Throws<InvalidOperationException>(() => configuration.AddAppServicePrivateNetwork());

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
