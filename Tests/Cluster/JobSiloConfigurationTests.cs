using Microsoft.Extensions.Configuration;
using Spaces.Silo.Hosting;

namespace Spaces.Tests.Cluster;

public sealed class JobSiloConfigurationTests
{
    [Fact]
    public void Build_InTheEmbeddedMode_RefusesNamingTheStorageKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JobSilo.Build([], b => b.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Spaces:Storage"] = "Embedded" })));

        Assert.Contains("Spaces:Storage=AzureStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithJobsDisabled_RefusesNamingTheJobsKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JobSilo.Build([], b => b.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["Spaces:Storage"] = "AzureStorage",
                ["ConnectionStrings:AzureStorage"] = "UseDevelopmentStorage=true",
                ["Spaces:Jobs:Enabled"] = "false",
            })));

        Assert.Contains("Spaces:Jobs:Enabled is false", error.Message, StringComparison.Ordinal);
    }
}
