using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Spaces.Silo.Storage.Azure;

/// <summary>
/// The storage account of <c>ConnectionStrings:AzureStorage</c>: a connection string, <c>UseDevelopmentStorage=true</c>,
/// or an account endpoint such as <c>https://acct.blob.core.windows.net</c> (then <see cref="DefaultAzureCredential"/>,
/// and the table and blob endpoints are the account's, derived from the one given). <see cref="ToString"/> never shows a key.
/// </summary>
public sealed class AzureStorageAccount
{
    public const string ConfigurationKey = "ConnectionStrings:AzureStorage";

    private static readonly string[] Services = ["blob", "table", "queue", "dfs", "file"];

    private readonly string? _connectionString;
    private readonly Endpoints? _endpoints;

    private AzureStorageAccount(string connectionString) => _connectionString = connectionString;

    private AzureStorageAccount(Endpoints endpoints) => _endpoints = endpoints;

    /// <summary>The blob endpoint when the account was given as an endpoint; null for a connection string.</summary>
    public Uri? BlobEndpoint => _endpoints?.Blob;

    /// <summary>The table endpoint when the account was given as an endpoint; null for a connection string.</summary>
    public Uri? TableEndpoint => _endpoints?.Table;

    /// <summary>Reads <paramref name="value"/>; the error names <see cref="ConfigurationKey"/> and says what is accepted.</summary>
    public static AzureStorageAccount Parse(string? value, TokenCredential? credential = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is not set: give a connection string, UseDevelopmentStorage=true, or an account endpoint such as https://acct.blob.core.windows.net");
        }
        value = value.Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            return new AzureStorageAccount(value);
        }
        return new AzureStorageAccount(new Endpoints(Endpoint(endpoint, "blob"), Endpoint(endpoint, "table"), credential ?? new DefaultAzureCredential()));
    }

    /// <summary>A table client; without <paramref name="options"/>, one that fails fast (see <see cref="FailFast"/>).</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null) => _endpoints is { } endpoints
        ? new TableServiceClient(endpoints.Table, endpoints.Credential, options ?? FailFast(new TableClientOptions()))
        : new TableServiceClient(_connectionString, options ?? FailFast(new TableClientOptions()));

    /// <summary>A blob client; without <paramref name="options"/>, one that fails fast (see <see cref="FailFast"/>).</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null) => _endpoints is { } endpoints
        ? new BlobServiceClient(endpoints.Blob, endpoints.Credential, options ?? FailFast(new BlobClientOptions()))
        : new BlobServiceClient(_connectionString, options ?? FailFast(new BlobClientOptions()));

    /// <summary>
    /// The SDK's defaults back off for about 6 s over 3 retries and wait 100 s on a silent connection: during an outage a
    /// request (and the grain turn under it) would hang past any client's patience and Orleans' 30 s call timeout. A few
    /// quick retries ride out a blip; an outage fails the call within seconds, so callers get 503 and retry later.
    /// </summary>
    internal static T FailFast<T>(T options) where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public override string ToString() => _endpoints is { } endpoints ? $"account endpoint {endpoints.Blob}" : "a connection string";

    private sealed record Endpoints(Uri Blob, Uri Table, TokenCredential Credential);

    /// <summary><c>https://acct.blob.core.windows.net/</c> → <c>https://acct.table.core.windows.net/</c>: the account's other service.</summary>
    private static Uri Endpoint(Uri given, string service)
    {
        var labels = given.Host.Split('.');
        if (labels.Length < 3 || !Services.Contains(labels[1], StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey}: cannot tell the account's {service} endpoint from {given.GetLeftPart(UriPartial.Authority)}; give an endpoint " +
                "such as https://acct.blob.core.windows.net, or a connection string");
        }
        labels[1] = service;
        return new UriBuilder(given.Scheme, string.Join('.', labels), given.IsDefaultPort ? -1 : given.Port).Uri;
    }
}
