using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Hosts;

namespace Spaces.Grains.Hosts;

/// <summary>
/// In memory only: after this grain's silo dies, a new activation is empty until the hosts' next renewal, so the
/// registration period bounds how long a host can miss a broadcast after a failover.
/// </summary>
public sealed partial class HostDirectoryGrain(
    IClusterMembershipService membership,
    TimeProvider time,
    IOptions<HostDirectoryOptions> options,
    ILogger<HostDirectoryGrain> logger) : Grain, IHostDirectoryGrain
{
    private readonly Dictionary<IHostObserver, Entry> _hosts = [];

    public Task JoinAsync(HostRegistration registration)
    {
        _hosts[registration.Observer] = new Entry(registration.Host, time.GetUtcNow() + options.Value.Expiry);
        return Task.CompletedTask;
    }

    public async Task<int> BroadcastTokenRevokedAsync(string tokenId)
    {
        Prune();
        var timeout = options.Value.BroadcastTimeout;
        var confirmed = await Task.WhenAll(_hosts.Select(async host =>
        {
            try
            {
                await host.Key.TokenRevokedAsync(tokenId).WaitAsync(timeout);
                return true;
            }
            catch (Exception e)
            {
                // A host that cannot take it now is dying or gone; one that lives joins again and its workers re-check
                // their token when they register.
                Log.BroadcastFailed(logger, host.Value.Host, e);
                return false;
            }
        }));
        return confirmed.Count(c => c);
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        var snapshot = membership.CurrentSnapshot;
        foreach (var (observer, entry) in _hosts.ToList())
        {
            if (entry.ExpiresAt < now || snapshot.GetSiloStatus(entry.Host) == SiloStatus.Dead)
            {
                _hosts.Remove(observer);
            }
        }
    }

    private sealed record Entry(SiloAddress Host, DateTimeOffset ExpiresAt);

    private static partial class Log
    {
        [LoggerMessage(4201, LogLevel.Warning, "The web host on {Host} did not confirm a token revocation")]
        public static partial void BroadcastFailed(ILogger logger, SiloAddress host, Exception exception);
    }
}
