using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Sqlite;

namespace Spindle.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("spindle-di-").FullName;

    [Fact]
    public async Task Sqlite_is_the_default_and_start_up_creates_the_data_directory_and_a_migrated_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Path.Combine(_root, "nested", "data");
        await using var services = Build(new() { ["Spindle:Storage:DataDirectory"] = dataDirectory });

        await StartAsync(services, ct);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "spindle.db")));
        var store = Assert.IsType<SqliteObjectStore>(services.GetRequiredService<IObjectStore>());
        await store.InsertAsync(new TenantId("t"), [new Row("c", "id", null, null, 1, null, "{}")], ct);
        Assert.Equal(0, store.Migrate());
    }

    [Fact]
    public async Task SqlitePath_puts_the_database_file_elsewhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_root, "elsewhere", "custom.db");
        await using var services = Build(new()
        {
            ["Spindle:Storage:Provider"] = "SQLite",
            ["Spindle:Storage:DataDirectory"] = Path.Combine(_root, "data"),
            ["Spindle:Storage:SqlitePath"] = path,
        });

        await StartAsync(services, ct);

        Assert.True(File.Exists(path));
        Assert.True(Directory.Exists(Path.Combine(_root, "data")));
    }

    [Fact]
    public async Task The_store_is_opened_and_migrated_while_the_host_is_built_before_anything_asks_for_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Path.Combine(_root, "data");
        await using var services = Build(new() { ["Spindle:Storage:DataDirectory"] = dataDirectory });
        var file = Path.Combine(dataDirectory, "spindle.db");

        for (var waited = 0; !File.Exists(file) && waited < 10_000; waited += 10)
        {
            await Task.Delay(10, ct);
        }

        Assert.True(File.Exists(file), "The database file did not appear within 10 s of registering storage.");
        var store = Assert.IsType<SqliteObjectStore>(services.GetRequiredService<IObjectStore>());
        Assert.Equal(0, store.Migrate());
    }

    [Fact]
    public async Task A_connection_string_npgsql_cannot_read_stops_start_up_with_its_reason()
    {
        await using var services = Build(new() { ["Spindle:Storage:Provider"] = "postgres", ["Spindle:Storage:ConnectionString"] = "Hots=db.example" });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(services, TestContext.Current.CancellationToken));

        Assert.Contains("hots", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_database_nobody_listens_for_stops_start_up()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var services = Build(new()
        {
            ["Spindle:Storage:Provider"] = "postgres",
            ["Spindle:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d;Timeout=5",
        });

        await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => StartAsync(services, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_naming_the_key()
    {
        await using var services = Build(new() { ["Spindle:Storage:Provider"] = "postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Spindle:Storage:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_stops_start_up_naming_the_key()
    {
        await using var services = Build(new() { ["Spindle:Storage:Provider"] = "mysql" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Spindle:Storage:Provider must be 'sqlite' or 'postgres', not 'mysql'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Username=u;Password=p;Database=d", 64, true, -1)]
    [InlineData("Host=127.0.0.1;Username=u;Password=p;Database=d;Max Auto Prepare=5;No Reset On Close=false;Maximum Pool Size=30", 5, false, 30)]
    public async Task Postgres_connections_prepare_statements_skip_the_reset_and_stay_few_unless_the_connection_string_says(
        string given, int prepared, bool noReset, int poolSize)
    {
        await using var services = Build(new() { ["Spindle:Storage:Provider"] = "postgres", ["Spindle:Storage:ConnectionString"] = given });

        var used = new Npgsql.NpgsqlConnectionStringBuilder(services.GetRequiredService<Npgsql.NpgsqlDataSource>().ConnectionString);

        var expectedPool = poolSize == -1 ? StorageServiceCollectionExtensions.MaxPoolSize(Environment.ProcessorCount) : poolSize;
        Assert.Equal((prepared, noReset, expectedPool), (used.MaxAutoPrepare, used.NoResetOnClose, used.MaxPoolSize));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(6, 24)]
    [InlineData(64, 64)]
    public void The_default_pool_is_four_connections_a_core_from_8_to_64(int cores, int expected) =>
        Assert.Equal(expected, StorageServiceCollectionExtensions.MaxPoolSize(cores));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    internal static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSpindleStorage(configuration).BuildServiceProvider(validateScopes: true);
    }

    // What the host does at start-up: validate options, then start hosted services in order.
    internal static async Task StartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        services.GetRequiredService<IStartupValidator>().Validate();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(cancellationToken);
        }
    }
}
