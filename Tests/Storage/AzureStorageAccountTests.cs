using Azure.Core;
using Azure.Identity;
using Spaces.Silo.Storage.Azure;

namespace Spaces.Tests.Storage;

public sealed class AzureStorageAccountTests
{
    // Never asked for a token: these tests build clients and read their endpoints only.
    private static readonly TokenCredential Credential = new ClientSecretCredential("tenant", "client", "not-a-secret");

    [Theory]
    [InlineData("https://acct.blob.core.windows.net", "https://acct.blob.core.windows.net/", "https://acct.table.core.windows.net/")]
    [InlineData("https://acct.table.core.windows.net/", "https://acct.blob.core.windows.net/", "https://acct.table.core.windows.net/")]
    [InlineData("https://acct.blob.core.chinacloudapi.cn", "https://acct.blob.core.chinacloudapi.cn/", "https://acct.table.core.chinacloudapi.cn/")]
    public void Parse_AnAccountEndpoint_DerivesTheBlobAndTableEndpoints(string value, string blob, string table)
    {
        var account = AzureStorageAccount.Parse(value, Credential);

        Assert.Equal(new Uri(blob), account.BlobEndpoint);
        Assert.Equal(new Uri(table), account.TableEndpoint);
        Assert.Equal(new Uri(blob), account.CreateBlobServiceClient().Uri);
        Assert.Equal(new Uri(table), account.CreateTableServiceClient().Uri);
    }

    [Fact]
    public void Parse_DevelopmentStorage_UsesAzuritesDefaultEndpoints()
    {
        var account = AzureStorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Null(account.BlobEndpoint);
        Assert.Equal(10000, account.CreateBlobServiceClient().Uri.Port);
        Assert.Equal(10002, account.CreateTableServiceClient().Uri.Port);
    }

    [Fact]
    public void ToString_OfAConnectionString_ShowsNoKey()
    {
        var account = AzureStorageAccount.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net");

        Assert.DoesNotContain("c2VjcmV0", account.ToString());
        Assert.Equal("https://acct.blob.core.windows.net/", account.CreateBlobServiceClient().Uri.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Parse_Nothing_NamesTheMissingKey(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureStorageAccount.Parse(value));

        Assert.Contains("ConnectionStrings:AzureStorage", error.Message);
    }

    [Fact]
    public void Parse_AnEndpointWithoutAServiceName_SaysWhatToGive()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureStorageAccount.Parse("https://storage.example.com", Credential));

        Assert.Contains("ConnectionStrings:AzureStorage", error.Message);
        Assert.Contains("https://acct.blob.core.windows.net", error.Message);
    }
}
