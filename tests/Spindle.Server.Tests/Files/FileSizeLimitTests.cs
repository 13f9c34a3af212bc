using System.Net;
using Spindle.Server.Tests.Errors;
using Spindle.Testing;

namespace Spindle.Server.Tests.Files;

/// <summary>A Spindle whose uploads are capped at <see cref="MaxBytes"/> (<c>Spindle:Files:MaxBytes</c>).</summary>
public sealed class SmallFilesFixture : SpindleFixture
{
    public const int MaxBytes = 1024;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Files:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Past <c>Spindle:Files:MaxBytes</c> an upload is a 413 in OpenAI's envelope, naming <c>file</c>.</summary>
public sealed class FileSizeLimitTests(SmallFilesFixture spindle) : IClassFixture<SmallFilesFixture>
{
    [Fact]
    public async Task File_of_exactly_the_limit_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.UploadAsync(spindle, new byte[SmallFilesFixture.MaxBytes], ct);

        Assert.True(HttpStatusCode.OK == reply.Status, reply.Body);
        Assert.Equal(SmallFilesFixture.MaxBytes, reply.Json.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task File_one_byte_past_the_limit_is_413_naming_file()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.UploadAsync(spindle, new byte[SmallFilesFixture.MaxBytes + 1], ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.RequestEntityTooLarge, "file");
        Assert.Contains(SmallFilesFixture.MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var list = await spindle.GetAsync("/v1/files", ct);
        Assert.DoesNotContain("\"bytes\":1025", list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_far_past_the_limit_is_refused_before_it_is_read()
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await FileForms.UploadAsync(spindle, new byte[3 * 1024 * 1024], ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.RequestEntityTooLarge, "file");
    }
}
