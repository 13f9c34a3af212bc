using Npgsql;
using Spindle.Testing;

namespace Spindle.Server.Tests.Postgres;

/// <summary>Spindle with <c>Spindle:Storage:Provider=postgres</c> on a real PostgreSQL server, in a schema of its own.</summary>
public class PostgresSpindle : SpindleFixture
{
    private PostgresServer? _server;
    private string _connectionString = "";

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public override async ValueTask InitializeAsync()
    {
        _server = await StartServerAsync();
        _connectionString = await _server.CreateSchemaAsync("spindle");
        await base.InitializeAsync();
    }

    protected virtual Task<PostgresServer> StartServerAsync() => PostgresServer.StartAsync();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Storage:Provider"] = "postgres";
        settings["Spindle:Storage:ConnectionString"] = _connectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
