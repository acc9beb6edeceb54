using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Orleans;
using Spaces.Grains.Abstractions.Hosts;
using Spaces.Silo.Hosting;

namespace Spaces.Api.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Embedded: the keys in a folder under <c>Spaces:DataPath</c>. AzureStorage: one key ring for the cluster, in a
    /// grain on the cluster's grain storage, under one application name, so every host reads every host's cookies.
    /// With <c>Spaces:DataProtection:Certificate</c>, the keys are stored encrypted to that certificate, so whoever reads
    /// the storage cannot forge sign-in cookies without it.
    /// </summary>
    public static IServiceCollection AddSpacesDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SpacesStorageSettings.From(configuration);
        var protection = services.AddDataProtection();
        if (DataProtectionCertificates.From(configuration) is { } certificates)
        {
            // The library's certificate encryptor: new keys are encrypted to the current certificate; keys written under
            // the previous one stay readable until they expire.
            protection.ProtectKeysWithCertificate(certificates.Current);
            if (certificates.Previous is { } previous)
            {
                protection.UnprotectKeysWithAnyCertificate(previous);
            }
        }
        if (settings.Mode != StorageMode.AzureStorage)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataPath, "keys")));
            return services;
        }
        protection.SetApplicationName("spaces");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new GrainXmlRepository(sp.GetRequiredService<IGrainFactory>())));
        return services;
    }

    /// <summary>
    /// <see cref="IXmlRepository"/> is synchronous, so the calls block: the key ring is read when first used and then
    /// about once a day, never from grain code.
    /// </summary>
    private sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
    {
        private IDataProtectionKeysGrain Keys => grains.GetGrain<IDataProtectionKeysGrain>(IDataProtectionKeysGrain.Key);

        public IReadOnlyCollection<XElement> GetAllElements() =>
            [.. Keys.GetAllAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

        public void StoreElement(XElement element, string friendlyName) =>
            Keys.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
