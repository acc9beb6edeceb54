using Microsoft.Data.Sqlite;
using Orleans.Storage;
using Spaces.Grains;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>
/// One caller's write, run by <see cref="GroupCommitWriter"/> inside a transaction shared with other callers' writes.
/// A refusal (an ETag mismatch) is an outcome, not an error: it changes nothing and fails only this caller.
/// </summary>
internal abstract class SqliteWrite
{
    /// <summary>The change this write is part of, whose other writes the writer waits for (see <see cref="CommitGroup"/>).</summary>
    public CommitGroupTag? Group { get; init; }

    /// <summary>Runs the statements; may run again, alone, if the shared transaction had to be rolled back.</summary>
    public abstract void Execute(SqliteStatements statements);

    /// <summary>Reports the outcome of the last <see cref="Execute"/>, once its transaction is committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A write whose caller awaits a <typeparamref name="T"/>, or the <see cref="InconsistentStateException"/> it raised.</summary>
internal abstract class SqliteWrite<T> : SqliteWrite
{
    // Continuations run off the writer loop, so a caller's code never delays the next batch.
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (T Value, InconsistentStateException? Refusal)? _outcome;

    public Task<T> Task => _done.Task;

    public sealed override void Execute(SqliteStatements statements)
    {
        _outcome = null;
        try
        {
            _outcome = (Run(statements), null);
        }
        catch (InconsistentStateException refusal)
        {
            _outcome = (Refused(), refusal);
        }
    }

    public sealed override void Complete()
    {
        switch (_outcome)
        {
            case (var value, null):
                _done.TrySetResult(value);
                break;
            case (_, { } refusal):
                _done.TrySetException(refusal);
                break;
            default:
                _done.TrySetException(new InvalidOperationException("A write was completed without having run"));
                break;
        }
    }

    public sealed override void Fail(Exception error) => _done.TrySetException(error);

    /// <summary>Runs the write; throws <see cref="InconsistentStateException"/> to refuse it without touching the database.</summary>
    protected abstract T Run(SqliteStatements statements);

    /// <summary>The placeholder value kept beside a refusal (never given to the caller).</summary>
    protected abstract T Refused();
}
