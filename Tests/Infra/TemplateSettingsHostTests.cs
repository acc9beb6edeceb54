using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Spaces.Silo.Blobs;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Scenarios;

namespace Spaces.Tests.Infra;

/// <summary>
/// The real host with the app settings infra/main.bicep writes for the dev environment, read from the compiled template,
/// on a private Azurite instead of the Azure account (no Azure is reachable here): AzureStorage mode, the template's
/// ServiceId and ClusterId, the silo on the private address and ports App Service would give it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TemplateSettingsHostTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new();

    /// <summary>The settings known only in Azure, and what stands in for each here.</summary>
    private Dictionary<string, string?> StandIns() => new(StringComparer.Ordinal)
    {
        // The account endpoint with the identity's sign-in → this Azurite's connection string.
        ["ConnectionStrings__AzureStorage"] = azurite.ConnectionString,
        // No managed identity here: the Azurite connection string carries Azurite's public development key.
        ["AZURE_CLIENT_ID"] = null,
        // App Service resolves the Key Vault reference to the password; the test signs in with its own.
        ["Spaces__Admin__Password"] = SpacesHost.AdminPassword,
        // Named, the certificate is a Key Vault reference App Service resolves to its PFX; a self-signed one here, so the
        // host runs with its keys encrypted as it would with a certificate named.
        ["Spaces__DataProtection__Certificate"] = TestCertificates.NewPkcs12("spaces-keys"),
        ["Spaces__DataProtection__PreviousCertificate"] = null,
        // App Service's shared /home → this test's folder.
        ["Spaces__DataPath"] = _data.Path,
        // No Application Insights here: with neither exporter configured the host collects no telemetry.
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null,
        ["OTEL_RESOURCE_ATTRIBUTES"] = null,
    };

    private async Task<Dictionary<string, string?>> TemplateSettingsAsync()
    {
        var template = await CompiledTemplate.MainAsync();
        var dev = await CompiledTemplate.ParametersAsync("dev");
        var standIns = StandIns();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in template.AppSettings())
        {
            var resolved = template.Resolve(value, dev);
            Assert.True(resolved is not null || standIns.ContainsKey(name), $"app setting {name} = {value} is known only in Azure and has no local stand-in");
            // Environment variable names use "__" where configuration keys use ":".
            settings[name.Replace("__", ":", StringComparison.Ordinal)] = standIns.TryGetValue(name, out var standIn) ? standIn : resolved;
        }
        Assert.Empty(standIns.Keys.Except(template.AppSettings().Keys));
        return settings;
    }

    [Fact]
    public async Task Host_WithTheTemplatesAppSettingsOnAzurite_PassesSeed000sFirstScenario()
    {
        var settings = await TemplateSettingsAsync();
        Assert.Equal("AzureStorage", settings["Spaces:Storage"]);
        Assert.Equal("spaces", settings["Spaces:Cluster:ServiceId"]);
        Assert.Equal("dev", settings["Spaces:Cluster:ClusterId"]);
        // What App Service gives each instance of the VNet integration (vnetPrivatePortsCount: 2).
        var siloPort = HostProcess.FreeSiloPort();
        settings["WEBSITE_PRIVATE_IP"] = "127.0.0.1";
        settings["WEBSITE_PRIVATE_PORTS"] = string.Create(CultureInfo.InvariantCulture, $"{siloPort},{HostProcess.FreePort()}");

        await using var host = await SpacesHost.StartAsync(settings, _data.Path);

        Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, siloPort), silo);
        using (var probe = new HttpClient { BaseAddress = new Uri(host.BaseUrl) })
        {
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
        }
        await SeedScenarioTests.SingleRequestAsync(host);
    }

    public void Dispose() => _data.Dispose();
}
