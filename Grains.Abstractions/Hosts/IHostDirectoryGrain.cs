using Orleans;

namespace Spaces.Grains.Abstractions.Hosts;

/// <summary>
/// The web hosts of the cluster (one grain, key <see cref="Key"/>), as soft state: each host joins again on a period,
/// an entry not renewed expires, and hosts that membership declares dead are dropped. Broadcasts reach every live
/// host in parallel, each with a short timeout, so a dead host never holds one up.
/// </summary>
public interface IHostDirectoryGrain : IGrainWithStringKey
{
    const string Key = "web-hosts";

    Task JoinAsync(HostRegistration registration);

    /// <summary>Every host closes the token's connections; returns how many hosts confirmed.</summary>
    Task<int> BroadcastTokenRevokedAsync(string tokenId);
}
