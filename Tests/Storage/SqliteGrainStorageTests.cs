using Orleans.Storage;
using Spaces.Silo.Storage.Embedded;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

/// <summary>A silo with the SQLite provider on a temp file, shared by the SQLite conformance tests.</summary>
public sealed class SqliteStorageSiloFixture : IAsyncLifetime
{
    public const string Name = "spaces";

    private readonly TempFolder _folder = new();
    private StorageSilo? _silo;

    public string FilePath => Path.Combine(_folder.Path, "grain-state.db");

    public StorageSilo Silo => _silo ?? throw new InvalidOperationException("The SQLite storage silo is not started");

    public async Task InitializeAsync() =>
        _silo = await StorageSilo.StartAsync(silo => silo.AddSpacesSqliteGrainStorage(Name, o => o.FilePath = FilePath));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
        _folder.Dispose();
    }
}

public sealed class SqliteGrainStorageTests(SqliteStorageSiloFixture fixture)
    : GrainStorageConformanceTests, IClassFixture<SqliteStorageSiloFixture>
{
    protected override int LargeStateBytes => 4 * 1024 * 1024;

    protected override Task<IGrainStorage> StorageAsync() => Task.FromResult(fixture.Silo.GrainStorage(SqliteStorageSiloFixture.Name));
}
