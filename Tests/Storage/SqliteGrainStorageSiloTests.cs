using Microsoft.Data.Sqlite;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

/// <summary>The SQLite provider behind <c>[PersistentState]</c> in a real silo: registration, lifecycle, and state surviving deactivation.</summary>
public sealed class SqliteGrainStorageSiloTests(SqliteStorageSiloFixture fixture) : IClassFixture<SqliteStorageSiloFixture>
{
    [Fact]
    public async Task PersistentState_AfterDeactivation_IsReadBackFromTheFile()
    {
        var key = Guid.NewGuid().ToString("N");
        var grain = fixture.Silo.Client.GetGrain<IStorageProbeGrain>(key);

        await grain.SetAsync("kept");
        await Wait.ForAsync(fixture.Silo.DeactivateAsync(grain), "the probe grain to deactivate");
        var value = await grain.GetAsync();

        Assert.Equal("kept", value);
        Assert.Equal(1, await RowsAsync(key));
    }

    [Fact]
    public async Task PersistentState_Cleared_IsEmptyAfterDeactivationAndKeepsItsRow()
    {
        var key = Guid.NewGuid().ToString("N");
        var grain = fixture.Silo.Client.GetGrain<IStorageProbeGrain>(key);
        await grain.SetAsync("doomed");

        await grain.ClearAsync();
        await Wait.ForAsync(fixture.Silo.DeactivateAsync(grain), "the probe grain to deactivate");

        Assert.Null(await grain.GetAsync());
        Assert.Equal(1, await RowsAsync(key));
    }

    /// <summary>Rows of the probe grain <paramref name="key"/> in the provider's file, read beside the silo.</summary>
    private async Task<long> RowsAsync(string key)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.FilePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_key = $key AND state_name = 'probe'";
        command.Parameters.AddWithValue("$key", key);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
