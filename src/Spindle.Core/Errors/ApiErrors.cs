namespace Spindle.Core.Errors;

/// <summary>The one place that knows OpenAI's error messages, types and params (ASSISTANTS_API.md §1.6).</summary>
public static class ApiErrors
{
    private const string InvalidRequest = "invalid_request_error";

    // OpenAI sends param null here, e.g. "No assistant found with id 'asst_…'." (openai-python issue reports).
    public static ApiException NotFound(string objectName, string id) =>
        new(404, InvalidRequest, $"No {objectName} found with id '{id}'.");

    public static ApiException ModelNotFound(string model) =>
        new(404, InvalidRequest, $"The model '{model}' does not exist or you do not have access to it.", "model", "model_not_found");

    public static ApiException NoSuchFile(string id) =>
        new(404, InvalidRequest, $"No such File object: {id}", "id");

    public static ApiException Invalid(string param, string message, string? code = null) =>
        new(400, InvalidRequest, message, param, code);

    public static ApiException MissingParameter(string param) =>
        new(400, InvalidRequest, $"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static ApiException UnknownParameter(string param) =>
        new(400, InvalidRequest, $"Unknown parameter: '{param}'.", param, "unknown_parameter");

    public static ApiException InvalidType(string param, string expected) =>
        new(400, InvalidRequest, $"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    public static ApiException NullNotAllowed(string param) =>
        new(400, InvalidRequest, $"Invalid type for '{param}': expected a value, but got null instead. Leave the field out to use its default.", param, "invalid_type");

    public static ApiException InvalidValue(string param, string message) =>
        new(400, InvalidRequest, message, param, "invalid_value");

    public static ApiException InvalidJson(string detail) =>
        new(400, InvalidRequest,
            $"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. {detail})");

    public static ApiException ActiveRun(string threadId, string runId) =>
        new(400, InvalidRequest, $"Thread {threadId} already has an active run {runId}.");

    public static ApiException MessageWhileRunActive(string threadId, string runId) =>
        new(400, InvalidRequest, $"Can't add messages to {threadId} while a run {runId} is active.");

    public static ApiException RunNotAwaitingOutputs(string status) =>
        new(400, InvalidRequest, $"Runs in status \"{status}\" do not accept tool outputs.");

    public static ApiException CannotCancel(string status) =>
        new(400, InvalidRequest, $"Cannot cancel run with status '{status}'.");

    public static ApiException MissingToolOutputs(IEnumerable<string> ids) =>
        new(400, InvalidRequest, $"Expected tool outputs for call_ids {string.Join(", ", ids.Select(id => $"'{id}'"))}.", "tool_outputs");

    public static ApiException UnknownToolCall(string id) =>
        new(400, InvalidRequest, $"No tool call found with id '{id}'.", "tool_outputs");

    public static ApiException BodyTooLarge(long limit) =>
        new(413, InvalidRequest, $"The request body is larger than the {limit} bytes this server accepts.");

    public static ApiException MissingApiKey() =>
        new(401, InvalidRequest,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");

    public static ApiException InvalidApiKey() =>
        new(401, InvalidRequest, "Incorrect API key provided.", code: "invalid_api_key");

    public static ApiException MissingBetaHeader() =>
        new(400, InvalidRequest,
            "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
            code: "invalid_beta");

    public static ApiException UnknownRoute(string method, string path) =>
        new(404, InvalidRequest, $"Invalid URL ({method} {path})");

    public static ApiException MethodNotAllowed(string method, string path) =>
        new(405, InvalidRequest, $"Invalid method for URL ({method} {path})");

    public static ApiException UnsupportedMediaType() =>
        new(415, InvalidRequest, "Unsupported content type: the request body must be application/json.");

    public static ApiException FileTooLarge(long maxBytes) =>
        new(413, InvalidRequest, $"File is too large: the maximum upload size is {maxBytes} bytes.", "file");

    public static ApiException NotMultipart() =>
        new(400, InvalidRequest, "Expected a multipart/form-data body with the fields 'file' and 'purpose'.", "file");

    public static ApiException NoSuchVectorStoreFile(string vectorStoreId, string fileId) =>
        new(404, InvalidRequest, $"No file found with id '{fileId}' in vector store '{vectorStoreId}'.");

    public static ApiException NoSuchFileBatch(string vectorStoreId, string batchId) =>
        new(404, InvalidRequest, $"No file batch found with id '{batchId}' in vector store '{vectorStoreId}'.");

    public static ApiException CannotCancelFileBatch(string status) =>
        new(400, InvalidRequest, $"Cannot cancel a file batch with status '{status}'.");

    // A forwarded call (chat completions, embeddings) whose provider failed without saying why in OpenAI's terms.
    public static ApiException UpstreamFailed(string message) =>
        new(502, "server_error", message);

    public static ApiException NoUpstream(string message) =>
        new(503, "server_error", message);
}
