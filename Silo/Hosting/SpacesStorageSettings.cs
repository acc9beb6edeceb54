using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Spaces.Silo.Storage.Azure;

namespace Spaces.Silo.Hosting;

public enum StorageMode
{
    /// <summary>One silo, no servers: SQLite grain state and reminders, files under <c>Spaces:DataPath</c>.</summary>
    Embedded,

    /// <summary>A cluster: Azure Table membership, grain state and reminders; Azure Blob files.</summary>
    AzureStorage,
}

/// <summary>
/// The storage and cluster keys of CONTRACT.md, read once when the silo is configured: the choice of providers depends on
/// them, so a wrong or missing value fails the host's start with a message naming the key.
/// </summary>
public sealed partial record SpacesStorageSettings(
    StorageMode Mode, string DataPath, AzureStorageAccount? Account, string BlobContainer,
    string ServiceId, string ClusterId, int SiloPort, int GatewayPort, IPAddress? AdvertisedAddress)
{
    public const string StorageKey = "Spaces:Storage";
    public const string DataPathKey = "Spaces:DataPath";
    public const string BlobContainerKey = "Spaces:Storage:BlobContainer";

    public static SpacesStorageSettings From(IConfiguration configuration)
    {
        var modeText = configuration[StorageKey];
        var mode = string.IsNullOrWhiteSpace(modeText) ? StorageMode.Embedded
            : Enum.TryParse<StorageMode>(modeText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new InvalidOperationException($"{StorageKey} is '{modeText}': use Embedded (the default) or AzureStorage");
        var dataPath = configuration[DataPathKey] is { } path && !string.IsNullOrWhiteSpace(path) ? path : "data";
        var account = mode == StorageMode.AzureStorage ? AzureStorageAccount.Parse(configuration[AzureStorageAccount.ConfigurationKey]) : null;
        return new SpacesStorageSettings(
            mode,
            dataPath,
            account,
            Container(configuration, BlobContainerKey, "spaces"),
            Text(configuration, "Spaces:Cluster:ServiceId", "spaces"),
            Text(configuration, "Spaces:Cluster:ClusterId", "dev"),
            Port(configuration, "Spaces:Cluster:SiloPort", 11111),
            Port(configuration, "Spaces:Cluster:GatewayPort", 30000),
            Address(configuration, "Spaces:Cluster:AdvertisedAddress"));
    }

    /// <summary>The embedded grain-state file.</summary>
    public string GrainStateFile => Path.Combine(DataPath, "orleans", "grain-state.db");

    /// <summary>The embedded reminders file.</summary>
    public string RemindersFile => Path.Combine(DataPath, "orleans", "reminders.db");

    /// <summary>The host's data-protection keys (cookies), in either mode.</summary>
    public string KeysFolder => Path.Combine(DataPath, "keys");

    /// <summary>Filesystem blobs' folder, the one the current host uses too.</summary>
    public string BlobsFolder => Path.Combine(DataPath, "blobs");

    private static string Text(IConfiguration configuration, string key, string fallback) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value : fallback;

    /// <summary>
    /// The AzureStorage mode's blob container: the hosts of one service share it; two services on one storage account
    /// need one each, as their grain state is apart already (keyed by ServiceId) but blob names are not.
    /// </summary>
    private static string Container(IConfiguration configuration, string key, string fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var name when ContainerName().IsMatch(name) => name,
        var name => throw new InvalidOperationException(
            $"{key} is '{name}': a blob container name is 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit"),
    };

    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();

    private static int Port(IConfiguration configuration, string key, int fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var text when int.TryParse(text, out var port) && port is > 0 and < 65536 => port,
        var text => throw new InvalidOperationException($"{key} is '{text}': give a TCP port between 1 and 65535"),
    };

    private static IPAddress? Address(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => null,
        var text when IPAddress.TryParse(text, out var address) => address,
        var text => throw new InvalidOperationException($"{key} is '{text}': give an IP address such as 127.0.0.1"),
    };
}
