using OpenAI.Assistants;
using Spindle.Testing;

namespace Spindle.Conformance.DotNetSdk;

/// <summary>
/// The SDK pages with <c>after=&lt;last_id&gt;</c> while <c>has_more</c> is true (ASSISTANTS_API.md §1.4). Its own
/// fixture, so no other test's assistants are in the list.
/// </summary>
public sealed class PaginationTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    private readonly AssistantClient _client = Sdk.Client(spindle);

    [Fact]
    public async Task Listing_five_assistants_two_per_page_yields_all_in_creation_order()
    {
        var ct = TestContext.Current.CancellationToken;
        List<string> created = [];
        for (var i = 0; i < 5; i++)
        {
            Assistant assistant = await _client.CreateAssistantAsync("gpt-4o", new AssistantCreationOptions { Name = $"Tutor {i}" }, ct);
            created.Add(assistant.Id);
        }

        var options = new AssistantCollectionOptions { PageSizeLimit = 2, Order = AssistantCollectionOrder.Ascending };
        var listed = await _client.GetAssistantsAsync(options, ct).ToListAsync(ct);
        var pages = await _client.GetAssistantsAsync(options, ct).GetRawPagesAsync().CountAsync(ct);
        List<Assistant> descending = [.. _client.GetAssistants(new AssistantCollectionOptions { PageSizeLimit = 2 }, ct)];

        Assert.Equal(created, listed.Select(a => a.Id));
        Assert.Equal(["Tutor 0", "Tutor 1", "Tutor 2", "Tutor 3", "Tutor 4"], listed.Select(a => a.Name));
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), descending.Select(a => a.Id));
    }
}
