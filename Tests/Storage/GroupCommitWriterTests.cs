using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using Spaces.Silo.Storage.Embedded;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

public sealed class GroupCommitWriterTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, value TEXT NOT NULL);";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writes_QueuedTogether_ShareTransactions()
    {
        await using var writer = NewWriter(maxBatchSize: 256);

        var writes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => writer.WriteAsync(new Insert(i, $"v{i}"))));

        Assert.All(writes, Assert.True);
        Assert.True(writer.Transactions < 200, $"200 concurrent writes took {writer.Transactions} transactions");
        Assert.Equal(200, await CountAsync());
    }

    [Fact]
    public async Task Writes_WithBatchSizeOne_CommitOneByOne()
    {
        await using var writer = NewWriter(maxBatchSize: 1);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => writer.WriteAsync(new Insert(i, $"v{i}"))));

        Assert.Equal(50, writer.Transactions);
        Assert.Equal(50, await CountAsync());
    }

    [Fact]
    public async Task Write_ThatFailsInABatch_FailsOnlyItsCaller()
    {
        await using var writer = NewWriter(maxBatchSize: 256);

        var good = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(new Insert(i, $"v{i}"))).ToList();
        var bad = writer.WriteAsync(new Insert(100, value: null));
        good.AddRange(Enumerable.Range(20, 20).Select(i => writer.WriteAsync(new Insert(i, $"v{i}"))));

        await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.All(await Task.WhenAll(good), Assert.True);
        Assert.Equal(40, await CountAsync());
    }

    [Fact]
    public async Task Write_Refused_FailsOnlyItsCallerAndChangesNothing()
    {
        await using var writer = NewWriter(maxBatchSize: 256);

        var tasks = Enumerable.Range(0, 10).Select(i => writer.WriteAsync(new Insert(i, $"v{i}", refuse: i == 5))).ToList();

        await Assert.ThrowsAsync<InconsistentStateException>(() => tasks[5]);
        Assert.All(await Task.WhenAll(tasks.Where((_, i) => i != 5)), Assert.True);
        Assert.Equal(9, await CountAsync());
    }

    [Fact]
    public async Task Dispose_CommitsWhatIsQueued_ThenRefusesNewWrites()
    {
        var writer = NewWriter(maxBatchSize: 4);
        var queued = Enumerable.Range(0, 30).Select(i => writer.WriteAsync(new Insert(i, $"v{i}"))).ToList();

        await writer.DisposeAsync();

        Assert.All(await Task.WhenAll(queued), Assert.True);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(new Insert(99, "late")));
        Assert.Equal(30, await CountAsync());
    }

    [Fact]
    public async Task Group_WhoseWritesArriveApart_SharesOneCommit_AndALargerSizeStatedOnTheWayIsWaitedFor()
    {
        await using var writer = NewWriter(maxBatchSize: 256, groupWait: TimeSpan.FromSeconds(5));

        // The first write names a group of 2, a later one says it has 3: the largest size stated counts.
        var first = writer.WriteAsync(new Insert(1, "space") { Group = new("submission", 2) });
        await Task.Delay(50);
        var second = writer.WriteAsync(new Insert(2, "request") { Group = new("submission", 3) });
        await Task.Delay(50);
        Assert.False(first.IsCompleted, "the group's first write was committed before the rest of its group arrived");
        var third = writer.WriteAsync(new Insert(3, "list") { Group = new("submission", 3) });

        Assert.All(await Task.WhenAll(first, second, third), Assert.True);
        Assert.Equal(1, writer.Transactions);
        // A write of a group already whole (a late one that kept an old context) waits for nothing.
        var late = Task.Run(() => writer.WriteAsync(new Insert(4, "late") { Group = new("submission", 3) }));
        Assert.True(await late.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(4, await CountAsync());
    }

    [Fact]
    public async Task Group_WhoseOtherWritesNeverCome_IsCommittedAfterTheWait_WithTheWritesThatArrivedMeanwhile()
    {
        await using var writer = NewWriter(maxBatchSize: 256, groupWait: TimeSpan.FromMilliseconds(200));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var alone = writer.WriteAsync(new Insert(1, "space") { Group = new("refused", 2) });
        var other = writer.WriteAsync(new Insert(2, "unrelated"));

        Assert.All(await Task.WhenAll(alone, other), Assert.True);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        Assert.Equal(1, writer.Transactions);
    }

    public void Dispose() => _folder.Dispose();

    private string FilePath => Path.Combine(_folder.Path, "items.db");

    private GroupCommitWriter NewWriter(int maxBatchSize, TimeSpan? groupWait = null) =>
        new(new SqliteFile(FilePath).OpenWriter(Schema), maxBatchSize, groupWait ?? TimeSpan.Zero, NullLogger.Instance);

    private async Task<long> CountAsync()
    {
        await using var connection = await new SqliteFile(FilePath).OpenReaderAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM items";
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    /// <summary>Inserts a row; a null value breaks the NOT NULL constraint, <paramref name="refuse"/> refuses before writing.</summary>
    private sealed class Insert(int id, string? value, bool refuse = false) : SqliteWrite<bool>
    {
        protected override bool Run(SqliteStatements statements)
        {
            if (refuse)
            {
                throw new InconsistentStateException("refused by the test", "stored", "held");
            }
            var command = statements.For("INSERT INTO items (id, value) VALUES ($id, $value)");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$value", (object?)value ?? DBNull.Value);
            return command.ExecuteNonQuery() == 1;
        }

        protected override bool Refused() => false;
    }
}
