namespace Spindle.Storage.Cluster;

/// <summary>How nodes sharing one PostgreSQL hand work to each other, bound from <c>Spindle:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Spindle:Cluster";

    /// <summary>
    /// How long a node's hold on a run or a file being ingested lasts without renewal. A node renews its leases four
    /// times per lease, so a live node never loses one; a dead node's work is taken over by another node between one
    /// and one and a quarter leases after its last renewal. 10 s keeps failover well under the SDKs' HTTP timeouts
    /// while a database stall of a few seconds costs no lease.
    /// </summary>
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>This node's name in the lease columns; a new random one per process when unset.</summary>
    public string? NodeId { get; set; }

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Tick => TimeSpan.FromSeconds(LeaseSeconds / 4.0);
}
