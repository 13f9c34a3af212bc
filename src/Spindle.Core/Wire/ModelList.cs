namespace Spindle.Core.Wire;

/// <summary><c>GET /v1/models</c>: a list with no cursor fields (ASSISTANTS_API.md §1.4).</summary>
public sealed record ModelList(IReadOnlyList<ModelObject> Data)
{
    public string Object => "list";
}
