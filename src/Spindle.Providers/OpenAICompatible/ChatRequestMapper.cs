using OpenAI.Chat;
using Spindle.Core.Upstream;

namespace Spindle.Providers.OpenAICompatible;

/// <summary>Turns Spindle's <see cref="ModelRequest"/> into the SDK's messages and options.</summary>
internal static class ChatRequestMapper
{
    public static List<ChatMessage> Messages(ModelRequest request) => [.. request.Messages.Select(Message)];

    public static ChatCompletionOptions Options(ModelRequest request)
    {
        var options = new ChatCompletionOptions
        {
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxOutputTokenCount = request.MaxCompletionTokens,
            ResponseFormat = ResponseFormat(request.ResponseFormat),
        };

        // The API rejects tool_choice and parallel_tool_calls when no tools are sent.
        if (request.Tools.Count == 0)
            return options;

        foreach (var tool in request.Tools)
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(
                tool.Name,
                tool.Description,
                tool.ParametersJson is null ? null : BinaryData.FromString(tool.ParametersJson),
                tool.Strict));
        }

        options.ToolChoice = ToolChoice(request);
        options.AllowParallelToolCalls = request.ParallelToolCalls;
        return options;
    }

    private static ChatMessage Message(ModelMessage message) => message switch
    {
        ModelMessage.System system => new SystemChatMessage(system.Text),
        ModelMessage.User user => User(user),
        ModelMessage.Assistant assistant => Assistant(assistant),
        ModelMessage.Tool tool => new ToolChatMessage(tool.ToolCallId, tool.Content),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown prompt message."),
    };

    private static UserChatMessage User(ModelMessage.User user)
    {
        if (user.ImageUrls.Count == 0)
            return new UserChatMessage(user.Text);

        List<ChatMessageContentPart> parts = [];
        if (user.Text.Length > 0)
            parts.Add(ChatMessageContentPart.CreateTextPart(user.Text));
        parts.AddRange(user.ImageUrls.Select(ImagePart));
        return new UserChatMessage(parts);
    }

    private static AssistantChatMessage Assistant(ModelMessage.Assistant assistant)
    {
        if (assistant.ToolCalls.Count == 0)
            return new AssistantChatMessage(assistant.Text ?? "");

        var message = new AssistantChatMessage(assistant.ToolCalls.Select(static call =>
            ChatToolCall.CreateFunctionToolCall(call.Id, call.Name, BinaryData.FromString(call.Arguments))));
        if (!string.IsNullOrEmpty(assistant.Text))
            message.Content.Add(ChatMessageContentPart.CreateTextPart(assistant.Text));
        return message;
    }

    // A data: URL goes as bytes: System.Uri refuses strings over 65,519 characters, and images are larger.
    private static ChatMessageContentPart ImagePart(string url)
    {
        const string DataPrefix = "data:";
        const string Base64Marker = ";base64,";
        if (url.StartsWith(DataPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var marker = url.IndexOf(Base64Marker, StringComparison.OrdinalIgnoreCase);
            if (marker < 0)
                throw new ModelException("invalid_prompt", "An image data URL must be base64-encoded (data:<media type>;base64,<data>).");

            var mediaType = url[DataPrefix.Length..marker];
            try
            {
                return ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Convert.FromBase64String(url[(marker + Base64Marker.Length)..])), mediaType);
            }
            catch (FormatException e)
            {
                throw new ModelException("invalid_prompt", "An image data URL holds invalid base64.", e);
            }
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ModelException("invalid_prompt", $"The image URL '{url}' is not an absolute URL.");
        return ChatMessageContentPart.CreateImagePart(uri);
    }

    private static ChatToolChoice? ToolChoice(ModelRequest request)
    {
        if (request.ToolChoiceFunction is { } function)
            return ChatToolChoice.CreateFunctionChoice(function);

        return request.ToolChoice switch
        {
            null => null,
            "auto" => ChatToolChoice.CreateAutoChoice(),
            "none" => ChatToolChoice.CreateNoneChoice(),
            "required" => ChatToolChoice.CreateRequiredChoice(),
            _ => throw new ModelException("invalid_prompt", $"Unknown tool_choice '{request.ToolChoice}'."),
        };
    }

    private static ChatResponseFormat? ResponseFormat(ModelResponseFormat? format) => format?.Type switch
    {
        null or "auto" => null,
        "text" => ChatResponseFormat.CreateTextFormat(),
        "json_object" => ChatResponseFormat.CreateJsonObjectFormat(),
        "json_schema" => ChatResponseFormat.CreateJsonSchemaFormat(
            format.SchemaName ?? "response",
            BinaryData.FromString(format.SchemaJson ?? "{}"),
            format.Description,
            format.Strict),
        _ => throw new ModelException("invalid_prompt", $"Unknown response_format type '{format.Type}'."),
    };
}
