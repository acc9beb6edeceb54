using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Spaces.Grains;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// Grain state in one SQLite file for the embedded (one-silo) mode: one row per grain state, an ETag per row checked on
/// every write and clear, and writes from many grains committed together (<see cref="GroupCommitWriter"/>). Read, write
/// and clear behave as Orleans' Azure Table provider's do, so grains see no difference between the two modes.
/// </summary>
public sealed partial class SqliteGrainStateStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string Select = "SELECT etag, data FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";

    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private Opened? _opened;

    public SqliteGrainStateStorage(
        string name, SqliteGrainStorageOptions options, IGrainStorageSerializer serializer, IActivatorProvider activators,
        ILogger<SqliteGrainStateStorage> logger)
    {
        _name = name;
        _options = options;
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The provider named <paramref name="name"/>, with Orleans' binary serializer unless one is configured.</summary>
    public static SqliteGrainStateStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
        var serializer = options.GrainStorageSerializer
            ?? services.GetKeyedService<IGrainStorageSerializer>(name)
            ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        return ActivatorUtilities.CreateInstance<SqliteGrainStateStorage>(services, name, options, serializer);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteGrainStateStorage)}-{_name}", _options.InitStage, StartAsync, StopAsync);

    /// <summary>Opens the file and starts the writer; the silo lifecycle calls it, tools and benchmarks may too.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_opened is null)
        {
            var validator = new SqliteGrainStorageOptionsValidator(_options, _name);
            validator.ValidateConfiguration();
            var file = new SqliteFile(validator.FilePath());
            _opened = new Opened(file, new GroupCommitWriter(file.OpenWriter(GrainStateSchema.Sql), _options.MaxBatchSize, _options.CommitGroupWait, _logger));
            Log.Started(_logger, _name, file.Path, _options.MaxBatchSize);
        }
        return Task.CompletedTask;
    }

    /// <summary>Commits what is queued and closes the file.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_opened is { } opened)
        {
            _opened = null;
            await opened.Writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var file = Started().File;
        var key = KeyOf(stateName, grainId);
        await using var connection = await file.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        key.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        // A cleared row has no data: no record, but its ETag guards the next write.
        var state = reader.IsDBNull(1) ? default : _serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
        grainState.State = state ?? CreateInstance<T>();
        grainState.ETag = reader.GetString(0);
        grainState.RecordExists = state is not null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <summary>Once queued, a write is awaited to the end even if <paramref name="cancellationToken"/> fires, so the ETag stays known.</summary>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var writer = Started().Writer;
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(stateName, grainId);
        var data = _serializer.Serialize(grainState.State).ToArray();
        try
        {
            grainState.ETag = await writer.WriteAsync(new PutGrainState(key, grainState.ETag, data) { Group = CommitGroup.Current }).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (InconsistentStateException error)
        {
            Log.Refused(_logger, _name, "write", key.ToString(), error);
            throw;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var writer = Started().Writer;
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(stateName, grainId);
        try
        {
            if (!_options.DeleteStateOnClear)
            {
                grainState.ETag = await writer.WriteAsync(new PutGrainState(key, grainState.ETag, data: null)).ConfigureAwait(false);
            }
            else if (!string.IsNullOrEmpty(grainState.ETag))
            {
                // As Azure Table: with no ETag there is nothing this caller knows of to delete, so nothing is checked.
                await writer.WriteAsync(new DeleteGrainState(key, grainState.ETag)).ConfigureAwait(false);
                grainState.ETag = null;
            }
            grainState.RecordExists = false;
            grainState.State = CreateInstance<T>();
        }
        catch (InconsistentStateException error)
        {
            Log.Refused(_logger, _name, "clear", key.ToString(), error);
            throw;
        }
    }

    private static GrainStateKey KeyOf(string stateName, GrainId grainId) => new(grainId.Type.ToString(), grainId.Key.ToString(), stateName);

    private T CreateInstance<T>() => _activators.GetActivator<T>().Create();

    private Opened Started() =>
        _opened ?? throw new InvalidOperationException($"SQLite grain storage '{_name}' is not started (the silo starts it at stage {_options.InitStage})");

    private sealed record Opened(SqliteFile File, GroupCommitWriter Writer);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "SQLite grain storage {Name} opened {Path} (group commit of up to {MaxBatchSize} writes)")]
        public static partial void Started(ILogger logger, string name, string path, int maxBatchSize);

        [LoggerMessage(2, LogLevel.Debug, "SQLite grain storage {Name} refused a {Operation} of {Key}: ETag mismatch")]
        public static partial void Refused(ILogger logger, string name, string operation, string key, Exception exception);
    }
}
