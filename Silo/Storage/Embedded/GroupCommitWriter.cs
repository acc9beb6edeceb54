using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// Group commit: one writer connection, one loop. Writes that arrive while a transaction is being committed wait in the
/// queue and all go into the next transaction, so N concurrent callers share one fsync instead of paying N. Each caller
/// awaits its own outcome; a refusal fails only its caller. If a batch fails as a whole (an I/O error, a statement that
/// throws), it is rolled back and each of its writes is retried alone, so one bad write cannot fail its neighbours.
/// A batch holding part of a <see cref="CommitGroup"/> waits for the rest of it, at most <c>groupWait</c>.
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly SqliteConnection _connection;
    private readonly SqliteStatements _statements;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly CommitGroups _groups;
    private long _transactions;

    /// <param name="connection">The open writer connection; the writer owns and closes it.</param>
    /// <param name="maxBatchSize">Writes per transaction at most; 1 commits every write on its own.</param>
    /// <param name="groupWait">How long a batch waits at most for the rest of a commit group it holds part of.</param>
    public GroupCommitWriter(SqliteConnection connection, int maxBatchSize, TimeSpan groupWait, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _groups = new CommitGroups(groupWait);
        _connection = connection;
        _statements = new SqliteStatements(connection);
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (a batch retried write by write counts each retry).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Queues <paramref name="write"/> and returns its outcome once its transaction is committed.</summary>
    public Task<T> WriteAsync<T>(SqliteWrite<T> write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            write.Fail(new ObjectDisposedException(nameof(GroupCommitWriter), "The embedded store is stopped"));
        }
        return write.Task;
    }

    /// <summary>Stops taking writes, commits those already queued, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _statements.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<SqliteWrite>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Take(batch);
            await AwaitGroupsAsync(batch).ConfigureAwait(false);
            try
            {
                Commit(batch);
                _groups.Committed(batch);
            }
            catch (Exception error)
            {
                // Commit reports every failure to its callers; this only keeps the loop alive if reporting itself failed.
                Log.LoopFault(_logger, error);
                batch.ForEach(write => write.Fail(error));
            }
            batch.Clear();
        }
    }

    private void Take(List<SqliteWrite> batch)
    {
        while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
        }
    }

    /// <summary>
    /// Takes the writes that arrive until the groups the batch holds part of are whole, or their wait is up. Groups that
    /// arrive meanwhile do not extend the wait: under load every batch holds the start of some group.
    /// </summary>
    private async Task AwaitGroupsAsync(List<SqliteWrite> batch)
    {
        var waiting = _groups.Incomplete(batch);
        if (waiting.Count == 0)
        {
            return;
        }
        using var deadline = new CancellationTokenSource(_groups.Wait);
        try
        {
            while (batch.Count < _maxBatchSize && waiting.Overlaps(_groups.Incomplete(batch))
                && await _queue.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                Take(batch);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The rest of the group did not come in time (a refused or repeated write): commit what is here.
        }
    }

    private void Commit(List<SqliteWrite> batch)
    {
        try
        {
            RunInTransaction(batch);
        }
        catch (Exception error) when (batch.Count > 1)
        {
            Log.BatchRolledBack(_logger, batch.Count, error);
            foreach (var write in batch)
            {
                try
                {
                    RunInTransaction([write]);
                    write.Complete();
                }
                catch (Exception alone)
                {
                    write.Fail(alone);
                }
            }
            return;
        }
        catch (Exception error)
        {
            batch[0].Fail(error);
            return;
        }
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private void RunInTransaction(List<SqliteWrite> writes)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _statements.Transaction = transaction;
        try
        {
            foreach (var write in writes)
            {
                write.Execute(_statements);
            }
            transaction.Commit();
            Interlocked.Increment(ref _transactions);
        }
        finally
        {
            _statements.Transaction = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A group commit of {Count} writes was rolled back; retrying each write alone")]
        public static partial void BatchRolledBack(ILogger logger, int count, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "The embedded store's writer loop failed to report a batch")]
        public static partial void LoopFault(ILogger logger, Exception exception);
    }
}
