using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;

namespace Spaces.Silo.Jobs;

/// <summary>Runs one kind of job. It may run again after a crash, so everything it writes must be idempotent.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work and reports its outcome through <see cref="JobContext.Dataset"/>; throws <see cref="JobFailedException"/> to fail with a message for users.</summary>
    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>A failure whose message is meant for the user, as it will show in the dataset's red alert.</summary>
public sealed class JobFailedException(DatasetMessage reason, Exception? inner = null) : Exception(reason.Text, inner)
{
    public DatasetMessage Reason { get; } = reason;
}
