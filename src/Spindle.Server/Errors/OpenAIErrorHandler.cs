using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Spindle.Core;
using Spindle.Core.Errors;
using Spindle.Core.Wire;

namespace Spindle.Server.Errors;

/// <summary>
/// Writes every failure as OpenAI's envelope: service errors, binding and JSON errors, and anything unexpected
/// (a logged 500 <c>server_error</c> whose details never reach the client).
/// </summary>
internal sealed partial class OpenAIErrorHandler(ILogger<OpenAIErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = Translate(exception);
        if (error.Status == 500)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, exception);
        }

        await WriteAsync(context, error, cancellationToken);
        return true;
    }

    public static async Task WriteAsync(HttpContext context, ApiException error, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = new ErrorBody(new ErrorDetail(error.Message, error.Type, error.Param, error.Code));
        await JsonSerializer.SerializeAsync(context.Response.Body, body, SpindleJsonContext.Wire.ErrorBody, cancellationToken);
    }

    private static ApiException Translate(Exception exception) => exception switch
    {
        ApiException api => api,
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
        BadHttpRequestException { StatusCode: 413 } => ApiErrors.BodyTooLarge(Hosting.SpindleHosting.MaxRequestBodyBytes),
        BadHttpRequestException { StatusCode: 415 } => ApiErrors.UnsupportedMediaType(),
        BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.Ordinal) || bad.Message.Contains("body was not provided", StringComparison.Ordinal)
            => ApiErrors.InvalidJson("The request body is empty."),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, "invalid_request_error", bad.Message),
        JsonException json => FromJson(json),
        _ => new ApiException(500, "server_error", "The server had an error while processing your request. Sorry about that!"),
    };

    // System.Text.Json names the failing member in the path ($.tools[0].type) and, for unknown members, in the message.
    private static ApiException FromJson(JsonException json)
    {
        var param = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (json is NullNotAllowedException nullField)
        {
            // The path names the object holding the field, or (inside a nested object) the field itself.
            var name = nullField.Property;
            return ApiErrors.NullNotAllowed(param is null ? name : param == name || param.EndsWith($".{name}", StringComparison.Ordinal) ? param : $"{param}.{name}");
        }

        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = json.Message.IndexOf('\'', StringComparison.Ordinal) + 1;
            var end = start > 0 ? json.Message.IndexOf('\'', start) : -1;
            var name = end > start ? json.Message[start..end] : "";
            return ApiErrors.UnknownParameter(param is null ? name : param.EndsWith(name, StringComparison.Ordinal) ? param : $"{param}.{name}");
        }

        return param is not null && json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? ApiErrors.InvalidType(param, "a value of the documented type")
            : ApiErrors.InvalidJson(param is null ? "" : $"The problem is near '{param}'.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.UnhandledRequestError, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);
    }
}
