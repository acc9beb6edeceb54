using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>Settings of one <see cref="SqliteGrainStateStorage"/>; <c>AddSpacesStorage</c> fills them from <c>Spaces:DataPath</c>.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The database file (created with its folder). Required.</summary>
    public string? FilePath { get; set; }

    /// <summary>
    /// False (the default, as Orleans' Azure Table provider): clearing keeps the row with no state and a new ETag.
    /// True: clearing deletes the row.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>Writes committed in one transaction at most (256). 1 turns group commit off: one fsync per write.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How long a transaction waits at most for the rest of a <see cref="Spaces.Grains.CommitGroup"/> it holds part of
    /// (2 ms; a submission's three writes arrive about half a millisecond apart). Zero commits each write as it comes.
    /// </summary>
    public TimeSpan CommitGroupWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The silo lifecycle stage that opens the file (application services, as Orleans' providers).</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>How states become bytes; unset means Orleans' binary serializer (not the silo-wide JSON default).</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }
}

/// <summary>Checked when the silo starts: the message names the provider and the missing setting.</summary>
internal sealed class SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions value, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        FilePath();
        if (value.MaxBatchSize < 1)
        {
            throw new OrleansConfigurationException(
                $"SQLite grain storage '{name}': {nameof(SqliteGrainStorageOptions.MaxBatchSize)} must be at least 1, not {value.MaxBatchSize}");
        }
        if (value.CommitGroupWait < TimeSpan.Zero)
        {
            throw new OrleansConfigurationException(
                $"SQLite grain storage '{name}': {nameof(SqliteGrainStorageOptions.CommitGroupWait)} cannot be negative, not {value.CommitGroupWait}");
        }
    }

    /// <summary>The file to open, or the error naming the missing setting.</summary>
    public string FilePath() => value.FilePath is { } path && !string.IsNullOrWhiteSpace(path)
        ? path
        : throw new OrleansConfigurationException(
            $"SQLite grain storage '{name}': {nameof(SqliteGrainStorageOptions)}.{nameof(SqliteGrainStorageOptions.FilePath)} is not set " +
            "(AddSpacesStorage sets it from Spaces:DataPath)");
}
