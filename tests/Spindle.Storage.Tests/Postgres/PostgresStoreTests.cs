using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Postgres;

namespace Spindle.Storage.Tests.Postgres;

public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContract(postgres), IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task AddSpindleStorage_with_postgres_migrates_at_start_up_over_one_shared_data_source()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDirectory = Directory.CreateTempSubdirectory("spindle-di-").FullName;
        try
        {
            await using var services = StorageServiceCollectionExtensionsTests.Build(new()
            {
                ["Spindle:Storage:Provider"] = "postgres",
                ["Spindle:Storage:DataDirectory"] = dataDirectory,
                ["Spindle:Storage:ConnectionString"] = postgres.ConnectionString,
            });

            await StorageServiceCollectionExtensionsTests.StartAsync(services, ct);

            var store = Assert.IsType<PostgresObjectStore>(services.GetRequiredService<IObjectStore>());
            Assert.Same(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<NpgsqlDataSource>());
            Assert.Equal(0, store.Migrate());
            var tenant = new TenantId("t_" + Guid.NewGuid().ToString("N"));
            var row = new Row("c_" + Guid.NewGuid().ToString("N"), "id", null, null, 1, null, "{}");
            await store.InsertAsync(tenant, [row], ct);
            Assert.Equal(row, await store.GetAsync(tenant, row.Collection, row.Id, ct));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
