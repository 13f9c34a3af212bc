using System.Text;
using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Storage.Blobs;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>
/// Every stored row of one tenant, read from the store itself, and the number of blobs on disk: what a rejected
/// request must leave exactly as it was.
/// </summary>
internal static class TenantSnapshot
{
    public static async Task<string> TakeAsync(SpindleFixture spindle, string tenant, CancellationToken ct)
    {
        var store = spindle.Services.GetRequiredService<IObjectStore>();
        var id = new TenantId(tenant);
        var text = new StringBuilder();

        async Task<IReadOnlyList<Row>> ListAsync(string collection, string? parent)
        {
            var rows = new List<Row>();
            string? after = null;
            while (true)
            {
                var page = await store.ListAsync(id, collection, new ListQuery(parent, 100, true, after, null, null), ct);
                rows.AddRange(page.Rows);
                foreach (var row in page.Rows)
                {
                    text.Append(row.Collection).Append(' ').Append(row.Id).Append(' ').Append(row.Tag).Append(' ').AppendLine(row.Json);
                }

                if (!page.HasMore || page.Rows.Count == 0)
                {
                    return rows;
                }

                after = page.Rows[^1].Id;
            }
        }

        await ListAsync(Kinds.Assistants.Name, null);
        await ListAsync(Kinds.Files.Name, null);
        foreach (var thread in await ListAsync(Kinds.Threads.Name, null))
        {
            await ListAsync(Kinds.Messages.Name, thread.Id);
            foreach (var run in await ListAsync(Kinds.Runs.Name, thread.Id))
            {
                await ListAsync(Kinds.Steps.Name, run.Id);
            }
        }

        foreach (var vectorStore in await ListAsync(Kinds.VectorStores.Name, null))
        {
            await ListAsync(Kinds.VectorStoreFiles.Name, vectorStore.Id);
            await ListAsync(Kinds.FileBatches.Name, vectorStore.Id);
        }

        var blobs = ((FileSystemBlobStore)spindle.Services.GetRequiredService<IBlobStore>()).Root;
        text.Append("blobs ").Append(Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length : 0);
        return text.ToString();
    }
}
