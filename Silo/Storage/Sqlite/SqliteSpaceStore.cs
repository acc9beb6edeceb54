using Dapper;
using Microsoft.Data.Sqlite;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Runtime;
using Spaces.Grains.Spaces;

namespace Spaces.Silo.Storage.Sqlite;

/// <summary>Space and request rows inside one turn's transaction.</summary>
internal sealed class SqliteSpaceStore(SqliteConnection connection, SqliteTransaction transaction) : ISpaceStore
{
    internal const string SpaceColumns = """
        id, name, description, cover, owner_id, input_prompt, input_audio, input_video, input_image, input_file,
        worker_connection_id, worker_node_id, worker_connected_at, worker_last_seen_at, disconnected_at,
        in_flight_request_id, queue_size, next_ticket, created_at
        """;

    internal const string RequestColumns = """
        id, space_id, ticket, status, prompt, files_json, progress, message, result_json, error, attempts,
        submitter_id, dispatched_to, created_at, started_at, completed_at
        """;

    internal const string ResultFileColumns = "name, content_type, size, blob_name";

    private const string SpaceValues = """
        @Id, @Name, @Description, @Cover, @OwnerId, @InputPrompt, @InputAudio, @InputVideo, @InputImage, @InputFile,
        @WorkerConnectionId, @WorkerNodeId, @WorkerConnectedAt, @WorkerLastSeenAt, @DisconnectedAt,
        @InFlightRequestId, @QueueSize, @NextTicket, @CreatedAt
        """;

    private const string RequestValues = """
        @Id, @SpaceId, @Ticket, @Status, @Prompt, @FilesJson, @Progress, @Message, @ResultJson, @Error, @Attempts,
        @SubmitterId, @DispatchedTo, @CreatedAt, @StartedAt, @CompletedAt
        """;

    public Task<SpaceState?> GetSpaceAsync(string spaceId) =>
        connection.QuerySingleOrDefaultAsync<SpaceState>($"SELECT {SpaceColumns} FROM spaces WHERE id = @spaceId", new { spaceId }, transaction);

    public Task InsertSpaceAsync(SpaceState space) =>
        connection.ExecuteAsync($"INSERT INTO spaces ({SpaceColumns}) VALUES ({SpaceValues})", space, transaction);

    public Task UpdateSpaceAsync(SpaceState space) =>
        connection.ExecuteAsync($"REPLACE INTO spaces ({SpaceColumns}) VALUES ({SpaceValues})", space, transaction);

    public Task DeleteSpaceAsync(string spaceId) =>
        connection.ExecuteAsync("DELETE FROM spaces WHERE id = @spaceId", new { spaceId }, transaction);

    public Task<RequestState?> GetRequestAsync(string requestId) =>
        connection.QuerySingleOrDefaultAsync<RequestState>($"SELECT {RequestColumns} FROM requests WHERE id = @requestId", new { requestId }, transaction);

    public Task InsertRequestAsync(RequestState request) =>
        connection.ExecuteAsync($"INSERT INTO requests ({RequestColumns}) VALUES ({RequestValues})", request, transaction);

    public Task UpdateRequestAsync(RequestState request) =>
        connection.ExecuteAsync($"REPLACE INTO requests ({RequestColumns}) VALUES ({RequestValues})", request, transaction);

    public Task<RequestState?> GetQueueHeadAsync(string spaceId) =>
        connection.QueryFirstOrDefaultAsync<RequestState>(
            $"SELECT {RequestColumns} FROM requests WHERE space_id = @spaceId AND status = 'queued' ORDER BY ticket LIMIT 1",
            new { spaceId },
            transaction);

    public async Task<IReadOnlyList<string>> GetQueuedIdsAsync(string spaceId, int limit) =>
        [.. await connection.QueryAsync<string>(
            "SELECT id FROM requests WHERE space_id = @spaceId AND status = 'queued' ORDER BY ticket LIMIT @limit",
            new { spaceId, limit },
            transaction)];

    /// <summary>Served by <c>ix_requests_queued_submitter</c>: it holds only queued rows, so the count reads the user's queued entries alone.</summary>
    internal const string CountQueuedBySubmitterSql =
        "SELECT COUNT(*) FROM requests WHERE space_id = @spaceId AND submitter_id = @submitterId AND status = 'queued'";

    public Task<int> CountQueuedBySubmitterAsync(string spaceId, string submitterId) =>
        connection.ExecuteScalarAsync<int>(CountQueuedBySubmitterSql, new { spaceId, submitterId }, transaction);

    public Task<ResultFile?> GetResultFileAsync(string requestId, string name) =>
        connection.QuerySingleOrDefaultAsync<ResultFile>(
            $"SELECT {ResultFileColumns} FROM request_result_files WHERE request_id = @requestId AND name = @name",
            new { requestId, name },
            transaction);

    public Task SaveResultFileAsync(string requestId, ResultFile file) =>
        connection.ExecuteAsync(
            $"""
            REPLACE INTO request_result_files (request_id, {ResultFileColumns})
            VALUES (@requestId, @Name, @ContentType, @Size, @BlobName)
            """,
            new { requestId, file.Name, file.ContentType, file.Size, file.BlobName },
            transaction);
}
