using System.Net;
using System.Text;
using Spindle.Core.Storage;
using Spindle.Server.Tests.Errors;
using Spindle.Storage.Blobs;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>
/// Rejected uploads answer OpenAI's envelope with the offending field as <c>param</c> (ASSISTANTS_API.md §1.6), and
/// leave no bytes behind. No upload in this class succeeds, so the blob directory must stay empty.
/// </summary>
public sealed class FileBadInputTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invalid_purpose_is_400_naming_purpose(bool purposeFirst)
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.PostAsync(spindle.Http, FileForms.Form("x"u8.ToArray(), purpose: "training", purposeFirst: purposeFirst), ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "purpose", "invalid_value");
        Assert.Contains("'training'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoBlobs();
    }

    [Fact]
    public async Task Missing_purpose_is_400_naming_purpose()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.PostAsync(spindle.Http, FileForms.Form("x"u8.ToArray(), purpose: null), ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "purpose", "missing_required_parameter");
        AssertNoBlobs();
    }

    [Fact]
    public async Task Missing_file_is_400_naming_file()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.PostAsync(spindle.Http, FileForms.Form(null), ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "file", "missing_required_parameter");
    }

    [Fact]
    public async Task Json_body_is_400_naming_file()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.PostAsync(spindle.Http, new StringContent("""{"purpose":"assistants"}""", Encoding.UTF8, "application/json"), ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task Unknown_form_field_is_400_unknown_parameter()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.PostAsync(spindle.Http, FileForms.Form("x"u8.ToArray(), fields: [("colour", "blue")]), ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "colour", "unknown_parameter");
        AssertNoBlobs();
    }

    [Fact]
    public async Task Two_files_in_one_upload_are_rejected()
    {
        var ct = TestContext.Current.CancellationToken;
        var form = FileForms.Form("x"u8.ToArray());
        form.Add(new ByteArrayContent("y"u8.ToArray()), "file", "second.txt");

        var reply = await FileForms.PostAsync(spindle.Http, form, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "file", "invalid_value");
        AssertNoBlobs();
    }

    [Theory]
    [InlineData("created_at", "60", "expires_after.seconds", "invalid_value")]
    [InlineData("created_at", "2592001", "expires_after.seconds", "invalid_value")]
    [InlineData("created_at", "soon", "expires_after.seconds", "invalid_type")]
    [InlineData("last_active_at", "3600", "expires_after.anchor", "invalid_value")]
    public async Task Bad_expires_after_is_400_naming_the_field(string anchor, string seconds, string param, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        var form = FileForms.Form("x"u8.ToArray(), fields: [("expires_after[anchor]", anchor), ("expires_after[seconds]", seconds)]);

        var reply = await FileForms.PostAsync(spindle.Http, form, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, param, code);
        AssertNoBlobs();
    }

    [Fact]
    public async Task Expires_after_seconds_without_anchor_is_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var form = FileForms.Form("x"u8.ToArray(), fields: [("expires_after[seconds]", "3600")]);

        var reply = await FileForms.PostAsync(spindle.Http, form, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, "expires_after.anchor", "missing_required_parameter");
    }

    private void AssertNoBlobs()
    {
        var root = ((FileSystemBlobStore)spindle.Services.GetRequiredService<IBlobStore>()).Root;
        Assert.Empty(Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : []);
    }
}
