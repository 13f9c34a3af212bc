using System.Text.Json;
using Spindle.Core.Storage;
using Spindle.Core.Wire;

namespace Spindle.Server.Endpoints;

/// <summary>
/// A page of stored objects as an OpenAI list, for the lists whose objects go out as they are stored. A row's JSON is
/// its object as it goes on the wire, so it is copied into the body as it is: reading each into its record and writing
/// that again was over a third of a list's CPU (bench/run.sh, figure 4). The body is the one
/// <see cref="ListResponse{T}"/> would give, field for field; a row's id is its object's id.
/// </summary>
internal sealed class StoredListResult(RowPage page) : IResult
{
    private static readonly JsonWriterOptions Options = new() { Encoder = SpindleJsonContext.Wire.Options.Encoder };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(response.BodyWriter, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var row in page.Rows)
            {
                json.WriteRawValue(row.Json, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WriteString("first_id", page.Rows.Count > 0 ? page.Rows[0].Id : null);
            json.WriteString("last_id", page.Rows.Count > 0 ? page.Rows[^1].Id : null);
            json.WriteBoolean("has_more", page.HasMore);
            json.WriteString("object", "list");
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
