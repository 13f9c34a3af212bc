using Microsoft.Data.Sqlite;

namespace Spindle.Storage.Sqlite;

/// <summary>
/// One open connection of <see cref="SqliteDatabase"/> with the commands it has prepared, used by one caller at a time:
/// the writer keeps one for good, readers rent one each. A statement text is prepared once per session and run again
/// with new parameters, instead of a pooled open, a new command and a new prepared statement on every call.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>The writer's transaction while a group commit runs; every command of the session joins it.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>The session's command for <paramref name="sql"/>, with no parameters, in the current transaction.</summary>
    /// <remarks>The caller fills its parameters and runs it; it is not disposed, the session keeps it prepared.</remarks>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a savepoint of the current transaction and undoes it when the work returns
    /// false; returns what the work returned.
    /// </summary>
    public async Task<bool> InSavepointAsync(string name, Func<Task<bool>> work)
    {
        Command($"SAVEPOINT {name}").ExecuteNonQuery();
        var kept = await work();
        if (!kept)
        {
            Command($"ROLLBACK TO {name}").ExecuteNonQuery();
        }

        Command($"RELEASE {name}").ExecuteNonQuery();
        return kept;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}
