using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Hosts;
using Spaces.Grains.Hosts;

namespace Spaces.Api.Hubs;

/// <summary>
/// This web host in the cluster's host directory: one observer, created once and kept alive by DI, joined again on
/// every renewal, that applies cluster-wide operations to this host's hub connections.
/// </summary>
public sealed partial class HostDirectoryMember(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    HubConnections connections,
    IOptions<HostDirectoryOptions> options,
    ILogger<HostDirectoryMember> logger) : BackgroundService, IHostObserver
{
    private IHostDirectoryGrain Directory => grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    public Task TokenRevokedAsync(string tokenId)
    {
        connections.AbortByToken(tokenId);
        return Task.CompletedTask;
    }

    /// <summary>Closes the token's connections here at once, then on every other host.</summary>
    public async Task RevokeEverywhereAsync(string tokenId)
    {
        connections.AbortByToken(tokenId);
        try
        {
            await Directory.BroadcastTokenRevokedAsync(tokenId);
        }
        catch (Exception e)
        {
            // The revocation is stored: other hosts refuse the token on every new connection and registration.
            Log.BroadcastFailed(logger, tokenId, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registration = new HostRegistration(silo.SiloAddress, grains.CreateObjectReference<IHostObserver>(this));
        using var timer = new PeriodicTimer(options.Value.Renewal);
        do
        {
            try
            {
                await Directory.JoinAsync(registration).WaitAsync(options.Value.BroadcastTimeout, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The directory's silo may be failing over: the next renewal joins again. Only this host's stop ends the
                // loop: a call that failed as cancelled (its silo going away) must not end the renewals for good.
                Log.JoinFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(4301, LogLevel.Warning, "Joining the cluster's host directory failed")]
        public static partial void JoinFailed(ILogger logger, Exception exception);

        [LoggerMessage(4302, LogLevel.Error, "Telling the other hosts that token {TokenId} was revoked failed")]
        public static partial void BroadcastFailed(ILogger logger, string tokenId, Exception exception);
    }
}
