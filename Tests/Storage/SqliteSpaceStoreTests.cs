using Dapper;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Spaces;
using Spaces.Silo.Storage.Sqlite;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

public sealed class SqliteSpaceStoreTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SqliteDatabase? _database;

    private SqliteDatabase Database => _database ?? throw new InvalidOperationException("The database is not open");

    public Task InitializeAsync()
    {
        _database = new SqliteDatabase(Path.Combine(_folder.Path, "spaces.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _folder.Dispose();
    }

    [Fact]
    public async Task CountQueuedBySubmitter_CountsOnlyThatUsersQueuedRowsInThatSpace()
    {
        var count = await Database.WriteAsync(async (connection, transaction) =>
        {
            var store = new SqliteSpaceStore(connection, transaction);
            var ticket = 0;
            async Task AddAsync(string spaceId, string submitter, string status) => await store.InsertRequestAsync(new RequestState
            {
                Id = Guid.NewGuid().ToString("N"),
                SpaceId = spaceId,
                Ticket = ++ticket,
                Status = status,
                SubmitterId = submitter,
            });
            await AddAsync("s1", "alice", RequestStatuses.Queued);
            await AddAsync("s1", "alice", RequestStatuses.Queued);
            await AddAsync("s1", "alice", RequestStatuses.Processing);
            await AddAsync("s1", "alice", RequestStatuses.Completed);
            await AddAsync("s1", "bob", RequestStatuses.Queued);
            await AddAsync("s2", "alice", RequestStatuses.Queued);
            return await store.CountQueuedBySubmitterAsync("s1", "alice");
        }, CancellationToken.None);

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task CountQueuedBySubmitter_UsesThePartialIndexOfQueuedRows()
    {
        await using var connection = await Database.OpenReaderAsync(CancellationToken.None);

        var plan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string)>(
            $"EXPLAIN QUERY PLAN {SqliteSpaceStore.CountQueuedBySubmitterSql}", new { spaceId = "s1", submitterId = "alice" })).Select(r => r.Item4));

        Assert.Contains("USING COVERING INDEX ix_requests_queued_submitter", plan);
    }
}
