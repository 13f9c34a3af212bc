using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire.Requests;

namespace Spindle.Core.Wire;

/// <summary>The one source-generated JSON context: snake_case, nulls written (STYLE.md §5).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(DeletedObject))]
[JsonSerializable(typeof(Assistant))]
[JsonSerializable(typeof(AssistantThread))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(RunStep))]
[JsonSerializable(typeof(ListResponse<RunStep>))]
[JsonSerializable(typeof(MessageDeltaEvent))]
[JsonSerializable(typeof(RunStepDeltaEvent))]
[JsonSerializable(typeof(ModelObject))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(CreateAssistantRequest))]
[JsonSerializable(typeof(CreateThreadRequest))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(MetadataRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(SubmitToolOutputsRequest))]
[JsonSerializable(typeof(OpenAIFile))]
[JsonSerializable(typeof(ListResponse<OpenAIFile>))]
[JsonSerializable(typeof(VectorStore))]
[JsonSerializable(typeof(ListResponse<VectorStore>))]
[JsonSerializable(typeof(VectorStoreFile))]
[JsonSerializable(typeof(ListResponse<VectorStoreFile>))]
[JsonSerializable(typeof(VectorStoreFileBatch))]
[JsonSerializable(typeof(VectorStoreSearchResultsPage))]
[JsonSerializable(typeof(VectorStoreFileContentPage))]
[JsonSerializable(typeof(CreateVectorStoreRequest))]
[JsonSerializable(typeof(ModifyVectorStoreRequest))]
[JsonSerializable(typeof(CreateVectorStoreFileRequest))]
[JsonSerializable(typeof(CreateFileBatchRequest))]
[JsonSerializable(typeof(UpdateVectorStoreFileRequest))]
[JsonSerializable(typeof(VectorStoreSearchRequest))]
[JsonSerializable(typeof(FileBatchRecord))]
[JsonSerializable(typeof(Spindle.Core.Runs.Execution.SandboxFilesRecord))]
public sealed partial class SpindleJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context Spindle reads and writes with. OpenAI sends non-ASCII text as UTF-8 and quotes as <c>\"</c>,
    /// not as <c>\u00FC</c> or <c>\u0022</c>; the default encoder's HTML-safe escaping would differ byte for byte.
    /// </summary>
    public static SpindleJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
