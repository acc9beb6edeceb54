using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Errors;

/// <summary>
/// A grain call that did not reach its grain because the silo holding it died and the cluster has not declared it dead
/// yet (a few seconds, README "Failover"): the call changed nothing, and the same call succeeds once the grain is
/// active elsewhere. Answered as 503 <c>StorageUnavailable</c> with <c>Retry-After</c>, never as a 500.
/// </summary>
public static class ClusterFailures
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public static bool IsTransient(Exception exception) => exception is OrleansMessageRejectionException or ConnectionFailedException;

    /// <summary>The refusal a transient failure is answered with.</summary>
    public static SpacesException Refusal() =>
        new(ErrorCode.StorageUnavailable, "Part of the service is failing over; nothing was changed, try again shortly")
        {
            RetryAfter = RetryAfter,
        };
}
