using System.Runtime.CompilerServices;
using Spindle.Core.Telemetry;
using Spindle.Core.VectorStores;

namespace Spindle.Server.Hosting;

/// <summary>Wraps the registered <see cref="IIngestionQueue"/> to count <c>spindle.ingestion.backlog</c>.</summary>
internal sealed class InstrumentedIngestionQueue(IIngestionQueue inner) : IIngestionQueue
{
    public void Enqueue(IngestionJob job)
    {
        inner.Enqueue(job);
        SpindleTelemetry.IngestionBacklog.Add(1);
    }

    public async IAsyncEnumerable<IngestionJob> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var job in inner.ReadAllAsync(cancellationToken))
        {
            SpindleTelemetry.IngestionBacklog.Add(-1);
            yield return job;
        }
    }

    public ValueTask<IngestionJob?> StartAsync(IngestionJob job, CancellationToken cancellationToken) => inner.StartAsync(job, cancellationToken);

    public ValueTask CompleteAsync(IngestionJob job, CancellationToken cancellationToken) => inner.CompleteAsync(job, cancellationToken);
}
