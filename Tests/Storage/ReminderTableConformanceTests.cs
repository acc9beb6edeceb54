using Orleans;
using Orleans.Runtime;

namespace Spaces.Tests.Storage;

/// <summary>
/// Orleans' <see cref="IReminderTable"/> contract, run over the SQLite table and Orleans' Azure Table one. Each test has a
/// service id of its own, so counts are exact whatever else is in the table.
/// </summary>
public abstract class ReminderTableConformanceTests
{
    protected string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    protected abstract Task<IReminderTable> TableAsync();

    [Fact]
    public async Task Upsert_ThenReadRow_RoundTripsTheEntry()
    {
        var table = await TableAsync();
        var entry = Entry(NewGrain(), "daily/check #1?");

        var etag = await table.UpsertRow(entry);
        var read = await table.ReadRow(entry.GrainId, entry.ReminderName);

        Assert.NotNull(etag);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(entry.GrainId, read.GrainId);
        Assert.Equal(entry.ReminderName, read.ReminderName);
        Assert.Equal(entry.StartAt, read.StartAt);
        Assert.Equal(entry.Period, read.Period);
    }

    [Fact]
    public async Task ReadRow_Missing_IsNull()
    {
        var table = await TableAsync();

        Assert.Null(await table.ReadRow(NewGrain(), "none"));
    }

    [Fact]
    public async Task Upsert_Again_ReplacesTheEntryWithANewETag()
    {
        var table = await TableAsync();
        var entry = Entry(NewGrain(), "r");
        var first = await table.UpsertRow(entry);

        entry.Period = TimeSpan.FromMinutes(5);
        var second = await table.UpsertRow(entry);

        Assert.NotEqual(first, second);
        var read = await table.ReadRow(entry.GrainId, "r");
        Assert.Equal(TimeSpan.FromMinutes(5), read?.Period);
        Assert.Equal(second, read?.ETag);
    }

    [Fact]
    public async Task RemoveRow_SucceedsOnlyWithTheCurrentETag()
    {
        var table = await TableAsync();
        var entry = Entry(NewGrain(), "r");
        var stale = await table.UpsertRow(entry) ?? throw new InvalidOperationException("no ETag");
        var current = await table.UpsertRow(entry) ?? throw new InvalidOperationException("no ETag");

        Assert.False(await table.RemoveRow(entry.GrainId, "r", stale), "a stale ETag removed the reminder");
        Assert.False(await table.RemoveRow(entry.GrainId, "other", current), "a wrong name removed a reminder");
        Assert.True(await table.RemoveRow(entry.GrainId, "r", current), "the current ETag did not remove the reminder");
        Assert.False(await table.RemoveRow(entry.GrainId, "r", current), "a removed reminder was removed again");
        Assert.Null(await table.ReadRow(entry.GrainId, "r"));
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsThatGrainsRemindersOnly()
    {
        var table = await TableAsync();
        var grain = NewGrain();
        await table.UpsertRow(Entry(grain, "a"));
        await table.UpsertRow(Entry(grain, "b"));
        await table.UpsertRow(Entry(NewGrain(), "a"));

        var rows = await table.ReadRows(grain);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task ReadRows_ByRingRange_ReturnsTheHashesInBeginExclusiveEndInclusive()
    {
        var table = await TableAsync();
        var grains = Enumerable.Range(0, 60).Select(_ => NewGrain()).ToArray();
        await Task.WhenAll(grains.Select(g => table.UpsertRow(Entry(g, "ring"))));
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToArray();
        var random = new Random(7);
        var ranges = new List<(uint Begin, uint End)> { (0, uint.MaxValue), (0, 0), (hashes[0], hashes[0]), (hashes[1], hashes[2]), (hashes[2], hashes[1]) };
        ranges.AddRange(Enumerable.Range(0, 10).Select(_ => ((uint)random.NextInt64(uint.MaxValue), (uint)random.NextInt64(uint.MaxValue))));

        foreach (var (begin, end) in ranges)
        {
            var rows = await table.ReadRows(begin, end);
            var expected = hashes.Where(h => begin < end ? h > begin && h <= end : begin == end || h > begin || h <= end).Order();
            Assert.Equal(expected, rows.Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order());
        }
    }

    [Fact]
    public async Task Upserts_InParallel_AllCommitWithTheirOwnETags()
    {
        var table = await TableAsync();
        var entries = Enumerable.Range(0, 40).Select(i => Entry(NewGrain(), $"p{i}")).ToArray();

        var etags = await Task.WhenAll(entries.Select(table.UpsertRow));

        Assert.Equal(entries.Length, etags.Distinct().Count());
        Assert.Equal(entries.Length, (await table.ReadRows(0, 0)).Reminders.Count);
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesThisServicesReminders()
    {
        var table = await TableAsync();
        await table.UpsertRow(Entry(NewGrain(), "x"));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
    }

    protected static GrainId NewGrain() => GrainId.Create("remindable", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name)
    {
        var now = DateTime.UtcNow;
        return new ReminderEntry
        {
            GrainId = grain,
            ReminderName = name,
            // Whole seconds: Azure Table keeps reminder times to the second, and both tables must agree.
            StartAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc),
            Period = TimeSpan.FromMinutes(1),
        };
    }
}
