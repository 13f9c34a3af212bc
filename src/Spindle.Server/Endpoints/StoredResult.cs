using Spindle.Core.Storage;

namespace Spindle.Server.Endpoints;

/// <summary>
/// One object as stored, for the reads and writes whose object goes out as its row holds it: the row's JSON is the
/// object on the wire, so it is sent as it is instead of being read into its record and written again.
/// </summary>
internal sealed class StoredResult(Row row) : IResult
{
    public Row Row => row;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(row.Json, httpContext.RequestAborted);
    }
}
