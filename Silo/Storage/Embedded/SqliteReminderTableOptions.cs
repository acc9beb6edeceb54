using Orleans;
using Orleans.Runtime;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>Settings of <see cref="SqliteReminderTable"/>; <c>AddSpacesStorage</c> fills them from <c>Spaces:DataPath</c>.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>The database file (created with its folder). Required.</summary>
    public string? FilePath { get; set; }

    /// <summary>Upserts and removes committed in one transaction at most (64); reminders change rarely.</summary>
    public int MaxBatchSize { get; set; } = 64;
}

internal sealed class SqliteReminderTableOptionsValidator(SqliteReminderTableOptions value) : IConfigurationValidator
{
    public void ValidateConfiguration() => FilePath();

    public string FilePath() => value.FilePath is { } path && !string.IsNullOrWhiteSpace(path)
        ? path
        : throw new OrleansConfigurationException(
            $"SQLite reminder table: {nameof(SqliteReminderTableOptions)}.{nameof(SqliteReminderTableOptions.FilePath)} is not set " +
            "(AddSpacesStorage sets it from Spaces:DataPath)");
}
