using Npgsql;
using Spindle.Testing;

namespace Spindle.Server.Tests.Cluster;

/// <summary>
/// Three Spindle processes sharing one real PostgreSQL (a schema of their own), with one <see cref="FakeUpstream"/>
/// in the test process as their model. Leases last <see cref="LeaseSeconds"/>, so a dead node's work moves quickly.
/// Tests may start more nodes (<see cref="StartNodeAsync"/>); every node is stopped with the fixture.
/// </summary>
public sealed class SpindleCluster : IAsyncLifetime
{
    public const int LeaseSeconds = 5;

    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "spindle-cluster", Guid.NewGuid().ToString("N"));
    private readonly List<SpindleNode> _started = [];
    private PostgresServer? _server;
    private string _connectionString = "";

    public FakeUpstream Upstream { get; private set; } = null!;

    internal IReadOnlyList<SpindleNode> Nodes { get; private set; } = [];

    internal SpindleNode this[int index] => Nodes[index];

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateSchemaAsync("cluster");

        // Started together, so the migrations race as they would behind a deployment that starts every node at once.
        Nodes = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => StartNodeAsync($"node{i}", CancellationToken.None)));
    }

    /// <summary>Starts one more node on the cluster's database; <paramref name="settings"/> override the defaults.</summary>
    internal async Task<SpindleNode> StartNodeAsync(string name, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Spindle:Storage:Provider"] = "postgres",
            ["Spindle:Storage:ConnectionString"] = _connectionString,
            ["Spindle:Storage:DataDirectory"] = Path.Combine(_dataRoot, name),
            ["Spindle:Cluster:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Spindle:Auth:Keys:" + SpindleFixture.KeyA] = "tenant-a",
            ["Spindle:Auth:Keys:" + SpindleFixture.KeyB] = "tenant-b",
            ["Spindle:Providers:fake:BaseUrl"] = Upstream.BaseUrl.ToString(),
            ["Spindle:Providers:fake:ApiKey"] = "sk-upstream",
            ["Spindle:Providers:fake:Default"] = "true",
            ["Spindle:Providers:fake:EmbeddingModel"] = "fake-embedding",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var node = await SpindleNode.StartAsync(name, all, cancellationToken);
        lock (_started)
            _started.Add(node);
        return node;
    }

    /// <summary>The node holding the lease on a run, read from the database; null when none does.</summary>
    internal async Task<string?> LeaseOwnerAsync(string runId, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand("SELECT lease_owner FROM objects WHERE collection = 'runs' AND id = @id");
        command.Parameters.AddWithValue("@id", runId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The chat-completions requests whose prompt contains <paramref name="text"/> (a marker unique to one thread).</summary>
    public int UpstreamRequestsMentioning(string text) => Upstream.Requests.Count(r => r.Body.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        // Each node's output is kept beside the test binaries, for a failure to be read after the run.
        var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "cluster-logs")).FullName;
        foreach (var node in _started)
        {
            await node.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, node.Name + ".log"), node.Output);
        }

        await Upstream.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
