using Microsoft.Extensions.Configuration;
using Spaces.Silo.Hosting;

namespace Spaces.Tests.Storage;

public sealed class SpacesStorageSettingsTests
{
    [Fact]
    public void From_NoKeys_IsEmbeddedUnderDataWithTheContractsDefaults()
    {
        var settings = SpacesStorageSettings.From(Configuration());

        Assert.Equal(StorageMode.Embedded, settings.Mode);
        Assert.Equal(Path.Combine("data", "orleans", "grain-state.db"), settings.GrainStateFile);
        Assert.Null(settings.Account);
        Assert.Equal(("spaces", "dev", 11111, 30000), (settings.ServiceId, settings.ClusterId, settings.SiloPort, settings.GatewayPort));
        Assert.Equal("spaces", settings.BlobContainer);
    }

    [Fact]
    public void From_ABlobContainer_IsTheAzureStorageModesContainer()
    {
        Assert.Equal("spaces-staging", SpacesStorageSettings.From(Configuration(("Spaces:Storage:BlobContainer", "spaces-staging"))).BlobContainer);
    }

    [Fact]
    public void From_AzureStorageWithoutConnectionString_NamesTheMissingKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SpacesStorageSettings.From(Configuration(("Spaces:Storage", "AzureStorage"))));

        Assert.Contains("ConnectionStrings:AzureStorage", error.Message);
    }

    [Theory]
    [InlineData("Spaces:Storage", "Sqlite")]
    [InlineData("Spaces:Storage", "2")]
    [InlineData("Spaces:Cluster:SiloPort", "eleven")]
    [InlineData("Spaces:Cluster:AdvertisedAddress", "here")]
    [InlineData("Spaces:Storage:BlobContainer", "Spaces")]
    [InlineData("Spaces:Storage:BlobContainer", "sp")]
    [InlineData("Spaces:Storage:BlobContainer", "spaces--staging")]
    [InlineData("Spaces:Storage:BlobContainer", "spaces/staging")]
    public void From_AWrongValue_NamesItsKey(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SpacesStorageSettings.From(Configuration((key, value))));

        Assert.Contains(key, error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
