using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Hosts;

/// <summary>
/// The ASP.NET Core data-protection key ring of a cluster (one grain, key <see cref="Key"/>), so a cookie or an
/// antiforgery token issued by one host is read by every other one.
/// </summary>
public interface IDataProtectionKeysGrain : IGrainWithStringKey
{
    const string Key = "data-protection";

    /// <summary>Every key element, as XML.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetAllAsync();

    /// <summary>Stores a key element; storing the same name again replaces it.</summary>
    Task StoreAsync(string friendlyName, string xml);
}
