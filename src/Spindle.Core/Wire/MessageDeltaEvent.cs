namespace Spindle.Core.Wire;

/// <summary>The data of <c>thread.message.delta</c>.</summary>
public sealed record MessageDeltaEvent(string Id, MessageDelta Delta)
{
    public string Object => "thread.message.delta";
}
