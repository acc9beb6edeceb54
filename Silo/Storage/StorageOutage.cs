using Azure;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Storage;

/// <summary>
/// Tells a failure that storage being out explains (the caller may retry shortly: 503 <c>StorageUnavailable</c>) from a
/// fault of the code (a 500). Grains that write map their own failed writes to <see cref="SpacesException.StorageUnavailable"/>;
/// this covers what reaches a caller without passing through them: an activation whose state could not be read, an Azure
/// SDK call that gave up after its retries, a grain call that timed out because its silo waited on storage.
/// </summary>
public static class StorageOutage
{
    public static bool Explains(Exception exception) => exception switch
    {
        SpacesException e => e.Code == ErrorCode.StorageUnavailable,
        // A job's own verdict explains itself, whatever it wraps: a Hub request that timed out carries a TimeoutException.
        JobFailedException => false,
        RequestFailedException e => e.Status is 0 or 408 or 500 or 502 or 503 or 504,
        SqliteException => true,
        // A write whose response was lost before the outage, found changed when retried: the activation is dropped, retry.
        InconsistentStateException => true,
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException => true,
        // An exception Orleans could not bring across silos arrives as its type name and message.
        UnavailableExceptionFallbackException { ExceptionType: { } type } =>
            type.Contains("RequestFailedException", StringComparison.Ordinal) || type.Contains("SqliteException", StringComparison.Ordinal),
        AggregateException e => e.InnerExceptions.Any(Explains),
        { InnerException: { } inner } => Explains(inner),
        _ => false,
    };
}
