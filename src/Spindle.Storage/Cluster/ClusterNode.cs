using Microsoft.Extensions.Options;

namespace Spindle.Storage.Cluster;

/// <summary>This process as one node of several sharing a PostgreSQL database: its id and the cluster settings.</summary>
internal sealed class ClusterNode(IOptions<ClusterOptions> options)
{
    public ClusterOptions Options { get; } = options.Value;

    public string Id { get; } = options.Value.NodeId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
