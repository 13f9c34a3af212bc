using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Storage.Migrations;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage;

/// <summary>
/// Whether the database answers and carries every migration this build knows, for <c>/readyz</c>. One short query
/// (<c>max(version)</c> of <c>schema_migrations</c>) per check, bounded by <see cref="Timeout"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class DatabaseReadiness(IOptions<StorageOptions> options, IServiceProvider services)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const string PostgresUndefinedTable = "42P01";
    private const int SqliteError = 1;

    private readonly Lazy<int> _expected = new(() => Migrator.Scripts(options.Value.IsPostgres ? "postgres" : "sqlite").Max(static s => s.Version));

    public string Provider => options.Value.IsPostgres ? StorageOptions.Postgres : StorageOptions.Sqlite;

    public async Task<DatabaseState> CheckAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var expected = _expected.Value;
        try
        {
            await using var connection = await OpenAsync(deadline.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(deadline.Token), System.Globalization.CultureInfo.InvariantCulture);
            return version >= expected
                ? new DatabaseState(DatabaseStatus.Ready, version, expected, null)
                : new DatabaseState(DatabaseStatus.Unmigrated, version, expected, $"The schema is at version {version}; this build needs {expected}.");
        }
        catch (Exception e) when (e is PostgresException { SqlState: PostgresUndefinedTable } or SqliteException { SqliteErrorCode: SqliteError })
        {
            return new DatabaseState(DatabaseStatus.Unmigrated, 0, expected, e.Message);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Idle pooled connections to a server that went away are dead; drop them so recovery is seen at once.
            if (options.Value.IsPostgres)
                services.GetRequiredService<NpgsqlDataSource>().Clear();
            var detail = e is OperationCanceledException ? $"No answer within {Timeout.TotalSeconds:0} s." : e.Message;
            return new DatabaseState(DatabaseStatus.Unreachable, null, expected, detail);
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        options.Value.IsPostgres
            ? await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken)
            : await ((SqliteObjectStore)services.GetRequiredService<IObjectStore>()).Database.OpenAsync(cancellationToken);
}
