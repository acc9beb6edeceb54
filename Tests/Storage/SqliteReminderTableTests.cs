using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Spaces.Silo.Storage.Embedded;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

public sealed class SqliteReminderTableTests : ReminderTableConformanceTests, IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SqliteReminderTable? _table;

    public async Task InitializeAsync()
    {
        _table = NewTable();
        await _table.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_table is not null)
        {
            await _table.StopAsync();
        }
        _folder.Dispose();
    }

    protected override Task<IReminderTable> TableAsync() =>
        Task.FromResult<IReminderTable>(_table ?? throw new InvalidOperationException("The reminder table is not started"));

    [Fact]
    public async Task Reminders_AfterReopeningTheFile_AreStillThere()
    {
        var table = await TableAsync();
        var grain = NewGrain();
        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "kept", StartAt = DateTime.UtcNow, Period = TimeSpan.FromHours(1) });
        await ((SqliteReminderTable)table).StopAsync();

        var reopened = NewTable();
        await reopened.StartAsync();
        var read = await reopened.ReadRow(grain, "kept");
        await reopened.StopAsync();

        Assert.Equal(etag, read?.ETag);
    }

    private SqliteReminderTable NewTable() => new(
        Options.Create(new SqliteReminderTableOptions { FilePath = Path.Combine(_folder.Path, "reminders.db") }),
        Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = "test" }),
        NullLogger<SqliteReminderTable>.Instance);
}
