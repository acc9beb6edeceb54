using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Grains.Spaces;
using Spaces.Silo.Stores;
using Spaces.Silo.Hosting;
using Spaces.Silo.Runtime;

namespace Spaces.Silo.Liveness;

/// <summary>
/// The node's housekeeping loop: heartbeat, detach workers of dead nodes (requeueing their in-flight requests),
/// fail requests that waited too long without a worker, and trim the event log.
/// </summary>
public sealed partial class SiloMaintenance(
    SiloNode node,
    INodeRegistry nodes,
    ISpaceQueries spaces,
    GrainFactory grains,
    TimeProvider time,
    IOptions<SiloOptions> siloOptions,
    IOptions<SpaceGrainOptions> queueOptions,
    ILogger<SiloMaintenance> logger) : BackgroundService
{
    private readonly SiloOptions _options = siloOptions.Value;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before serving: a worker left attached by a crashed run must not block its space or hold a request.
        await RunOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.MaintenanceFailed(logger, e);
            }
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await nodes.HeartbeatAsync(node.Id, node.StartedAt, now, cancellationToken);
        await DetachOrphanedWorkersAsync(now, cancellationToken);
        var timeout = (long)queueOptions.Value.QueuedTimeoutWithoutWorker.TotalMilliseconds;
        foreach (var spaceId in await spaces.ListExpirableAsync(now - timeout, cancellationToken))
        {
            var failed = await grains.GetSpace(spaceId).ExpireQueuedAsync();
            Log.QueueExpired(logger, spaceId, failed);
        }
        await nodes.TrimEventsAsync(now - (long)_options.EventRetention.TotalMilliseconds, cancellationToken);
    }

    private async Task DetachOrphanedWorkersAsync(long now, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string> live = node.IsOnlyNode
            ? [node.Id]
            : await nodes.ListLiveNodesAsync(now - (long)_options.NodeTimeout.TotalMilliseconds, cancellationToken);
        foreach (var (spaceId, connectionId) in await spaces.ListOrphanedWorkersAsync(live, cancellationToken))
        {
            Log.DetachingOrphan(logger, spaceId, connectionId);
            await grains.GetSpace(spaceId).DetachWorkerAsync(connectionId, "The worker's node stopped");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Error, "Silo maintenance failed; retrying at the next heartbeat")]
        public static partial void MaintenanceFailed(ILogger logger, Exception exception);

        [LoggerMessage(1002, LogLevel.Information, "Failed {Count} queued requests of space {SpaceId}: no worker within the timeout")]
        public static partial void QueueExpired(ILogger logger, string spaceId, int count);

        [LoggerMessage(1003, LogLevel.Warning, "Detaching worker {ConnectionId} of space {SpaceId}: its node is gone")]
        public static partial void DetachingOrphan(ILogger logger, string spaceId, string connectionId);
    }
}
