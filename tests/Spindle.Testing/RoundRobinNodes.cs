using Npgsql;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Spindle.Testing;

/// <summary>
/// Two Spindle nodes on one PostgreSQL (a schema of their own) behind a YARP reverse proxy that sends each request to
/// the next node in turn, as a round-robin load balancer with no sticky sessions would.
/// </summary>
internal sealed class RoundRobinNodes : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly WebApplication[] _nodes;
    private readonly WebApplication _proxy;

    private RoundRobinNodes(PostgresServer postgres, WebApplication[] nodes, WebApplication proxy) => (_postgres, _nodes, _proxy) = (postgres, nodes, proxy);

    public WebApplication First => _nodes[0];

    public Uri ProxyUrl => new(_proxy.Urls.Single().TrimEnd('/') + "/");

    public static async Task<RoundRobinNodes> StartAsync(Dictionary<string, string?> settings, Func<IReadOnlyDictionary<string, string?>, Task<WebApplication>> startNode)
    {
        var postgres = await PostgresServer.StartAsync();
        settings["Spindle:Storage:Provider"] = "postgres";
        settings["Spindle:Storage:ConnectionString"] = await postgres.CreateSchemaAsync("nodes");
        var nodes = await Task.WhenAll(new[] { "a", "b" }.Select(name => startNode(new Dictionary<string, string?>(settings)
        {
            ["Spindle:Storage:DataDirectory"] = Path.Combine(settings["Spindle:Storage:DataDirectory"]!, name),
        })));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "spindle", Match = new RouteMatch { Path = "{**rest}" } }],
            [
                new ClusterConfig
                {
                    ClusterId = "spindle",
                    LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                    Destinations = nodes.Select((n, i) => (n, i)).ToDictionary(p => $"node{p.i}", p => new DestinationConfig { Address = SpindleFixture.AddressOf(p.n).ToString() }),
                },
            ]);
        var proxy = builder.Build();
        proxy.MapReverseProxy();
        await proxy.StartAsync();
        return new RoundRobinNodes(postgres, nodes, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.StopAsync();
        await _proxy.DisposeAsync();
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
    }
}
