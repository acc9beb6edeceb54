using Microsoft.Data.Sqlite;

namespace Spaces.Silo.Storage.Embedded;

/// <summary>The writer connection's commands, prepared once and reused by every batch; all run in the current transaction.</summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteTransaction? Transaction { get; set; }

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared, in the current transaction.</summary>
    public SqliteCommand For(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }
        command.Transaction = Transaction;
        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
