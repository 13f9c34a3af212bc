using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Spindle.Testing;

namespace Spindle.Server.Tests.Errors;

/// <summary>Auth, the beta header, unknown routes and oversized bodies (ASSISTANTS_API.md §1.1, §1.6).</summary>
public sealed class TransportErrorTests(SpindleFixture spindle) : IClassFixture<SpindleFixture>
{
    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("POST", "/v1/nothing-here")]
    [InlineData("GET", "/v1/threads/thread_abc/nothing")]
    [InlineData("POST", "/v1/models")]
    [InlineData("DELETE", "/v1/models")]
    [InlineData("GET", "/nothing-here")]
    public async Task Unknown_route_is_a_404_in_the_error_envelope(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;

        var reply = await SpindleFixture.SendAsync(spindle.Http, new HttpMethod(method), path, method == "GET" || method == "DELETE" ? null : "{}", ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.NotFound, null);
        Assert.Equal($"Invalid URL ({method} {path})", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("GET", "/v1/assistants")]
    [InlineData("POST", "/v1/threads")]
    [InlineData("GET", "/v1/models")]
    [InlineData("GET", "/v1/nothing-here")]
    public async Task Missing_authorization_is_a_401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = spindle.CreateClient(key: null);

        var reply = await SpindleFixture.SendAsync(anonymous, new HttpMethod(method), path, method == "POST" ? "{}" : null, ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.Unauthorized, null);
        Assert.StartsWith("You didn't provide an API key.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/assistants")]
    [InlineData("/v1/models")]
    public async Task Wrong_key_is_a_401_invalid_api_key(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var stranger = spindle.CreateClient("sk-not-a-real-key");

        var reply = await SpindleFixture.SendAsync(stranger, HttpMethod.Get, path, null, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.Unauthorized, null, "invalid_api_key");
        Assert.DoesNotContain("sk-not-a-real-key", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_authorization_header_is_a_401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = spindle.CreateClient(key: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");

        var reply = await SpindleFixture.SendAsync(client, HttpMethod.Get, "/v1/assistants", null, ct);

        ErrorEnvelope.Assert(reply, HttpStatusCode.Unauthorized, null);
    }

    [Theory]
    [InlineData("GET", "/v1/assistants")]
    [InlineData("POST", "/v1/assistants")]
    [InlineData("POST", "/v1/threads")]
    [InlineData("GET", "/v1/threads/thread_abc/messages")]
    [InlineData("POST", "/v1/threads/runs")]
    public async Task Assistants_routes_without_the_beta_header_are_400_invalid_beta_and_store_nothing(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var noBeta = spindle.CreateClient(SpindleFixture.KeyA, beta: false);
        var before = await spindle.GetAsync("/v1/assistants?limit=100", ct);

        var reply = await SpindleFixture.SendAsync(noBeta, new HttpMethod(method), path, method == "POST" ? """{"model":"gpt-4o"}""" : null, ct);

        var error = ErrorEnvelope.Assert(reply, HttpStatusCode.BadRequest, null, "invalid_beta");
        Assert.Equal("You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
            error.GetProperty("message").GetString());
        Assert.Equal(before.Body, (await spindle.GetAsync("/v1/assistants?limit=100", ct)).Body);
    }

    [Fact]
    public async Task Models_list_needs_no_beta_header_and_lists_the_upstream_models()
    {
        var ct = TestContext.Current.CancellationToken;
        using var noBeta = spindle.CreateClient(SpindleFixture.KeyA, beta: false);

        var reply = await SpindleFixture.SendAsync(noBeta, HttpMethod.Get, "/v1/models", null, ct);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var list = reply.Json;
        Assert.Equal("list", list.GetProperty("object").GetString());
        var models = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["fake-model", "gpt-4o"], models.Select(m => m.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(models, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.Equal(1_700_000_000, m.GetProperty("created").GetInt64());
            Assert.Equal(JsonValueKind.String, m.GetProperty("owned_by").ValueKind);
        });
        Assert.Equal("system", models.Single(m => m.GetProperty("id").GetString() == "gpt-4o").GetProperty("owned_by").GetString());
    }

    [Fact]
    public async Task A_model_is_retrieved_by_id_and_an_unknown_one_is_model_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = await spindle.GetAsync("/v1/models/gpt-4o", ct);
        Assert.Equal(("gpt-4o", "model"), (model.Json.GetProperty("id").GetString(), model.Json.GetProperty("object").GetString()));

        var missing = await spindle.GetAsync("/v1/models/no-such-model", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("model_not_found", missing.Error.GetProperty("code").GetString());
        Assert.Equal("model", missing.Error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Error_responses_are_json()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/assistants/asst_doesnotexist0000000000000");

        using var response = await spindle.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    // With Expect: 100-continue the 413 arrives before any body byte is sent. Without it, Kestrel closes the
    // connection after answering and a client still writing sees a broken pipe instead of the envelope.
    [Fact]
    public async Task Body_over_32_MB_is_a_413_envelope_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await spindle.GetAsync("/v1/assistants?limit=100", ct);
        var payload = new byte[33 * 1024 * 1024];
        var prefix = "{\"model\":\"gpt-4o\",\"instructions\":\""u8;
        prefix.CopyTo(payload);
        payload.AsSpan(prefix.Length, payload.Length - prefix.Length - 2).Fill((byte)'a');
        "\"}"u8.CopyTo(payload.AsSpan(payload.Length - 2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/assistants") { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;

        using var response = await spindle.Http.SendAsync(request, ct);
        var reply = new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(ct), new Dictionary<string, string>());

        ErrorEnvelope.Assert(reply, HttpStatusCode.RequestEntityTooLarge, null);
        Assert.Contains("33554432", reply.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before.Body, (await spindle.GetAsync("/v1/assistants?limit=100", ct)).Body);
    }
}
