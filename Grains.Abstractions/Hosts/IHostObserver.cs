using Orleans;

namespace Spaces.Grains.Abstractions.Hosts;

/// <summary>
/// A web host's end of cluster-wide operations: one per host, an Orleans observer registered with
/// <see cref="IHostDirectoryGrain"/>.
/// </summary>
public interface IHostObserver : IGrainObserver
{
    /// <summary>Closes this host's hub connections that authenticated with the token.</summary>
    Task TokenRevokedAsync(string tokenId);
}
