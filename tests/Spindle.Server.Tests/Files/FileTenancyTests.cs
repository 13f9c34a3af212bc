using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>Another tenant's file is a 404 exactly like a missing one, on every route (DESIGN.md, tenancy).</summary>
public sealed class FileTenancyTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Fact]
    public async Task Tenant_B_cannot_see_read_download_or_delete_tenant_A_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await FileForms.UploadAsync(spindle, "secret"u8.ToArray(), ct)).Id;
        using var tenantB = spindle.CreateClient(SpindleFixture.KeyB, beta: false);

        var get = await SpindleFixture.SendAsync(tenantB, HttpMethod.Get, $"/v1/files/{id}", null, ct);
        var content = await SpindleFixture.SendAsync(tenantB, HttpMethod.Get, $"/v1/files/{id}/content", null, ct);
        var delete = await SpindleFixture.SendAsync(tenantB, HttpMethod.Delete, $"/v1/files/{id}", null, ct);
        var list = await SpindleFixture.SendAsync(tenantB, HttpMethod.Get, "/v1/files", null, ct);

        Assert.Equal($"No such File object: {id}", ErrorEnvelope.Assert(get, HttpStatusCode.NotFound, "id").GetProperty("message").GetString());
        ErrorEnvelope.Assert(content, HttpStatusCode.NotFound, "id");
        ErrorEnvelope.Assert(delete, HttpStatusCode.NotFound, "id");
        Assert.DoesNotContain(id, list.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await spindle.GetAsync($"/v1/files/{id}", ct)).Status);
    }
}
