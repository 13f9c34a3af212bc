using System.Text;
using Spindle.Core.Storage;

namespace Spindle.Server.Endpoints;

/// <summary>
/// One object as stored, for the reads and writes whose object goes out as its row holds it: the row's JSON is the
/// object on the wire, so it is sent as it is instead of being read into its record and written again.
/// </summary>
internal sealed class StoredResult(Row row) : IResult
{
    public Row Row => row;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        var written = Encoding.UTF8.GetBytes(row.Json, body.GetSpan(Encoding.UTF8.GetMaxByteCount(row.Json.Length)));
        body.Advance(written);
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
